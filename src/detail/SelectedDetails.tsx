/**
 * Bridges the store to the detail pane: re-renders per commit (to find a selected event that
 * arrives later, or an exit's exec), while the memoised pane itself re-renders only when the
 * row, the exec or the callbacks change.
 */
import { memo } from "react";
import type { RawEvent } from "../api/clients";
import { useExternal } from "../hooks/use-external";
import { useSelectedRow } from "../hooks/use-selection";
import type { EventStore } from "../stream/event-store";
import { DetailPane, type DetailPaneProps } from "./DetailPane";

const MemoPane = memo(DetailPane);

export function SelectedDetails(
  props: { store: EventStore<RawEvent>; selectedKey: string } & Omit<
    DetailPaneProps,
    "row" | "exec"
  >,
) {
  const { store, selectedKey, ...rest } = props;
  useExternal(store);
  const { row, exec } = useSelectedRow(store, selectedKey);
  if (row === undefined) return null;
  return <MemoPane row={row} exec={exec} {...rest} />;
}
