/**
 * Following a process from the detail pane: which process the tree shows (`target`, null
 * while it is closed), and the moves between events it offers. Selecting goes through
 * `select` (the URL's `sel`, owned by useViewState); the tree itself is asked of the worker
 * by ProcessPanel.
 *
 * - follow(key): open the tree on the process of the event `key`;
 * - selectProcess(execId): a tree node was clicked: centre the tree on it and select the
 *   event that stands for it (its exec when buffered);
 * - selectParent(): the `p` shortcut: select the parent's event (or, when none is buffered,
 *   show the parent's tree);
 * - goTo(key, from) / back: "Go to exec" from an exit, and the way back to that exit.
 */
import { useCallback, useState } from "react";
import type { RowView } from "../model/row";
import type { ProcessTarget } from "../protocol/protocol";
import type { ViewClient } from "../view/worker-client";

export interface ProcessFollow {
  readonly target: ProcessTarget | null;
  follow: (key: string) => void;
  close: () => void;
  selectProcess: (execId: string) => void;
  selectParent: () => void;
  goTo: (key: string, from: RowView) => void;
  /** Set while the event reached by goTo is selected. */
  readonly back: { readonly label: string; readonly go: () => void } | undefined;
}

export function useProcessFollow(
  client: ViewClient,
  selectedKey: string | undefined,
  select: (key: string) => void,
): ProcessFollow {
  const [target, setTarget] = useState<ProcessTarget | null>(null);
  const [trail, setTrail] = useState<{ at: string; from: string; label: string } | null>(null);

  const follow = useCallback((key: string) => {
    setTarget({ event: key });
  }, []);
  const close = useCallback(() => {
    setTarget(null);
  }, []);
  const selectProcess = useCallback(
    (execId: string) => {
      setTarget({ execId });
      void client.process({ execId }).then((r) => {
        if (r.found && r.eventKey !== undefined) select(r.eventKey);
      });
    },
    [client, select],
  );
  const selectParent = useCallback(() => {
    if (selectedKey === undefined) return;
    void client.process({ parentOf: selectedKey }).then((r) => {
      if (!r.found) return;
      if (r.eventKey !== undefined) select(r.eventKey);
      // With the tree open it follows; without a buffered event the tree is all there is.
      setTarget((t) => (t !== null || r.eventKey === undefined ? { execId: r.execId } : t));
    });
  }, [client, selectedKey, select]);
  const goTo = useCallback(
    (key: string, from: RowView) => {
      setTrail({ at: key, from: from.key, label: `Back to ${from.kind}` });
      select(key);
    },
    [select],
  );
  const back =
    trail !== null && trail.at === selectedKey
      ? {
          label: trail.label,
          go: () => {
            setTrail(null);
            select(trail.from);
          },
        }
      : undefined;
  return { target, follow, close, selectProcess, selectParent, goTo, back };
}
