/**
 * The page-side row of the current pipeline: RowView plus the search text and the decoded
 * message. Goes away when the ingest worker owns the events (the page then receives RowViews).
 */
import type { GetEventsResponse } from "../gen/tetragon/events_pb.js";
import type { EventRow } from "../model/event-row.js";
import { searchTextOf } from "../model/search-text.js";
import { toRowView } from "./to-row.js";

/** The table fields of one event: an EventRow without `raw` (what the ingest worker posts). */
export type RowFields = Omit<EventRow, "raw">;

export function toRowFields(res: GetEventsResponse, seq: number): RowFields {
  const row = toRowView(res, seq);
  return { ...row, searchText: searchTextOf(row) };
}

export function toEventRow(res: GetEventsResponse, seq: number): EventRow {
  return { ...toRowFields(res, seq), raw: res };
}
