/**
 * The selected event (its stable key lives in the URL) and whether its details are open.
 * The entry is looked up in the store by key; once found it is kept, so the lookup scans
 * the buffer only while the selected event has not arrived yet (e.g. after a reload).
 */
import { useCallback, useRef, useState } from "react";
import type { EventRow } from "../model/event-row";
import type { EventStore, StoreSnapshot } from "../stream/event-store";

export interface Selection {
  row: EventRow | undefined;
  /** For an exit: the exec with the same exec_id, if held in the buffer. */
  exec: EventRow | undefined;
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

export function useSelection<R>(
  store: EventStore<R>,
  snapshot: StoreSnapshot<R>,
  selectedKey: string | undefined,
  setSelected: (key: string | undefined) => void,
): Selection {
  const [detailsOpen, setDetailsOpen] = useState(selectedKey !== undefined);
  const [scrollToIndex, setScrollToIndex] = useState<number | undefined>(undefined);
  const found = useRef<EventRow | undefined>(undefined);
  const foundExec = useRef<EventRow | undefined>(undefined);

  // Plain render-time lookups (no memo): cheap once found, and while not found they must
  // re-run on every commit anyway, because the event may have just arrived.
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

  const move = useCallback(
    (delta: 1 | -1) => {
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
    [snapshot, selectedKey, setSelected],
  );

  return { row, exec, detailsOpen, setDetailsOpen, scrollToIndex, move };
}
