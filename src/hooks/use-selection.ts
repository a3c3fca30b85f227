/**
 * The selected event (its stable key lives in the URL), whether its details are open, and
 * keyboard moves over the visible rows.
 */
import { useCallback, useRef, useState } from "react";
import type { EventRow } from "../model/event-row";
import type { EventStore, StoreSnapshot } from "../stream/event-store";

export interface Selection {
  detailsOpen: boolean;
  setDetailsOpen: (open: boolean) => void;
  /** Index to scroll to after a keyboard move. */
  scrollToIndex: number | undefined;
  /** Moves the selection by one visible event (gaps are skipped). */
  move: (delta: 1 | -1) => void;
}

function findIndex<R>(snapshot: StoreSnapshot<R>, key: string | undefined): number {
  if (key === undefined) return -1;
  for (let i = snapshot.rowCount - 1; i >= 0; i--) {
    const e = snapshot.rowAt(i);
    if (e?.type === "event" && e.row.key === key) return i;
  }
  return -1;
}

/** Selection state and keyboard moves; reads the store only when a key is pressed. */
export function useSelection<R>(
  store: EventStore<R>,
  selectedKey: string | undefined,
  setSelected: (key: string | undefined) => void,
): Selection {
  const [detailsOpen, setDetailsOpen] = useState(selectedKey !== undefined);
  const [scrollToIndex, setScrollToIndex] = useState<number | undefined>(undefined);
  const move = useCallback(
    (delta: 1 | -1) => {
      const snapshot = store.getSnapshot();
      const count = snapshot.rowCount;
      if (count === 0) return;
      let i = findIndex(snapshot, selectedKey);
      i = i === -1 ? (delta === 1 ? -1 : count) : i;
      for (let j = i + delta; j >= 0 && j < count; j += delta) {
        const e = snapshot.rowAt(j);
        if (e?.type === "event") {
          setSelected(e.row.key);
          setScrollToIndex(j);
          return;
        }
      }
    },
    [store, selectedKey, setSelected],
  );
  return { detailsOpen, setDetailsOpen, scrollToIndex, move };
}

/**
 * The selected event's row (and, for an exit, its exec), looked up in the store by key.
 * Once found a row is kept, so the buffer is scanned only while the selected event has not
 * arrived yet (e.g. right after a reload); the caller re-renders per commit meanwhile.
 */
export function useSelectedRow<R>(
  store: EventStore<R>,
  selectedKey: string | undefined,
): { row: EventRow | undefined; exec: EventRow | undefined } {
  const found = useRef<EventRow | undefined>(undefined);
  const foundExec = useRef<EventRow | undefined>(undefined);
  let row: EventRow | undefined;
  if (selectedKey !== undefined) {
    if (found.current?.key !== selectedKey) {
      const e = store.findLatest((x) => x.type === "event" && x.row.key === selectedKey);
      found.current = e?.type === "event" ? e.row : undefined;
    }
    row = found.current;
  }
  let exec: EventRow | undefined;
  if (row !== undefined && row.kind === "exit" && row.execId !== "") {
    const execId = row.execId;
    if (foundExec.current?.execId !== execId) {
      const e = store.findLatest(
        (x) => x.type === "event" && x.row.kind === "exec" && x.row.execId === execId,
      );
      foundExec.current = e?.type === "event" ? e.row : undefined;
    }
    exec = foundExec.current;
  }
  return { row, exec };
}
