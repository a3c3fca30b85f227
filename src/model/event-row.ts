import type { GetEventsResponse } from "../gen/tetragon/events_pb.js";
import type { RowView } from "./row.js";

/** The page's row in the current pipeline: the table fields, the search text, the message. */
export interface EventRow extends RowView {
  /** Lower-cased join of every field the table can show (model/search-text.ts). */
  readonly searchText: string;
  /** The message as received: for the detail pane and "copy JSON" (via decode/detail.ts). */
  readonly raw: GetEventsResponse;
}
