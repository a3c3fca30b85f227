/**
 * The selected event (its stable key lives in the URL), whether its details are open, and
 * keyboard moves over the rows of this tab's view. The view lives in the ingest worker, so a
 * move asks it for the next event row (gap rows are skipped) and then selects and scrolls.
 */
import { useCallback, useState } from "react";
import type { ViewClient } from "../view/worker-client";

export interface Selection {
  detailsOpen: boolean;
  setDetailsOpen: (open: boolean) => void;
  /** Index to scroll to after a keyboard move. */
  scrollToIndex: number | undefined;
  /** Moves the selection by one visible event. */
  move: (delta: 1 | -1) => void;
}

export function useSelection(
  client: ViewClient,
  selectedKey: string | undefined,
  setSelected: (key: string | undefined) => void,
): Selection {
  const [detailsOpen, setDetailsOpen] = useState(selectedKey !== undefined);
  const [scrollToIndex, setScrollToIndex] = useState<number | undefined>(undefined);
  const move = useCallback(
    (delta: 1 | -1) => {
      void client.step(selectedKey, delta).then((found) => {
        if (found === null) return;
        setSelected(found.key);
        setScrollToIndex(found.index);
      });
    },
    [client, selectedKey, setSelected],
  );
  return { detailsOpen, setDetailsOpen, scrollToIndex, move };
}
