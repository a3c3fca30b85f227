/**
 * Global keyboard shortcuts, from one table (SHORTCUTS) that both the key handler and the
 * "Keyboard shortcuts" help dialog read, so the help cannot drift from what keys do:
 * `/` focuses Search, j/k or ArrowDown/ArrowUp move the selection, Enter opens details,
 * Escape closes them, Space pauses/resumes, `p` selects the parent of the selected event's
 * process, `?` opens the help. None of them fire while the
 * user types in a field (except Escape, which also leaves the field), nor inside an open
 * dialog (it owns its keys; Escape closes it natively). Open menus take Escape first
 * (use-dismiss.ts).
 */
import { useEffect, useRef } from "react";

export interface ShortcutHandlers {
  focusSearch: () => void;
  move: (delta: 1 | -1) => void;
  open: () => void;
  close: () => void;
  togglePause: () => void;
  /** Select the parent process's event (the process tree's parent). */
  parent: () => void;
  help: () => void;
}

export type ShortcutAction =
  "focusSearch" | "next" | "previous" | "open" | "close" | "togglePause" | "parent" | "help";

export interface Shortcut {
  /** KeyboardEvent.key values. */
  readonly keys: readonly string[];
  /** How the help dialog writes the keys. */
  readonly label: readonly string[];
  readonly action: ShortcutAction;
  readonly description: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ["/"], label: ["/"], action: "focusSearch", description: "Focus the search field" },
  {
    keys: ["j", "ArrowDown"],
    label: ["j", "↓"],
    action: "next",
    description: "Select the next event",
  },
  {
    keys: ["k", "ArrowUp"],
    label: ["k", "↑"],
    action: "previous",
    description: "Select the previous event",
  },
  {
    keys: ["Enter"],
    label: ["Enter"],
    action: "open",
    description: "Open the selected event's details",
  },
  {
    keys: ["Escape"],
    label: ["Esc"],
    action: "close",
    description: "Close a menu, this help or the details; leave a field",
  },
  {
    keys: [" "],
    label: ["Space"],
    action: "togglePause",
    description: "Pause or resume the stream",
  },
  {
    keys: ["p"],
    label: ["p"],
    action: "parent",
    description: "Select the event of the selected process's parent",
  },
  { keys: ["?"], label: ["?"], action: "help", description: "Show these keyboard shortcuts" },
];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

const RUN: Readonly<Record<ShortcutAction, (h: ShortcutHandlers) => void>> = {
  focusSearch: (h) => {
    h.focusSearch();
  },
  next: (h) => {
    h.move(1);
  },
  previous: (h) => {
    h.move(-1);
  },
  open: (h) => {
    h.open();
  },
  close: (h) => {
    h.close();
  },
  togglePause: (h) => {
    h.togglePause();
  },
  parent: (h) => {
    h.parent();
  },
  help: (h) => {
    h.help();
  },
};

export function useShortcuts(handlers: ShortcutHandlers): void {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.target instanceof Element && e.target.closest("dialog[open]") !== null) return;
      const h = ref.current;
      if (e.key === "Escape") {
        if (isTyping(e.target) && e.target instanceof HTMLElement) e.target.blur();
        h.close();
        return;
      }
      if (isTyping(e.target)) return;
      // Buttons own Space and Enter themselves.
      if ((e.key === " " || e.key === "Enter") && e.target instanceof HTMLButtonElement) return;
      const shortcut = SHORTCUTS.find((s) => s.keys.includes(e.key));
      if (shortcut === undefined) return;
      RUN[shortcut.action](h);
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
    };
  }, []);
}
