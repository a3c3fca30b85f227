/**
 * Global keyboard shortcuts: `/` focuses Search, j/k or ArrowDown/ArrowUp move the
 * selection, Enter opens details, Escape closes them, Space pauses/resumes, `p` selects the
 * parent of the selected event's process. None of them
 * fire while the user types in a field (except Escape, which also leaves the field).
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
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

export function useShortcuts(handlers: ShortcutHandlers): void {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const h = ref.current;
      if (e.key === "Escape") {
        if (isTyping(e.target) && e.target instanceof HTMLElement) e.target.blur();
        h.close();
        return;
      }
      if (isTyping(e.target)) return;
      // Buttons own Space and Enter themselves.
      if ((e.key === " " || e.key === "Enter") && e.target instanceof HTMLButtonElement) return;
      switch (e.key) {
        case "/":
          h.focusSearch();
          break;
        case "j":
        case "ArrowDown":
          h.move(1);
          break;
        case "k":
        case "ArrowUp":
          h.move(-1);
          break;
        case "Enter":
          h.open();
          break;
        case " ":
          h.togglePause();
          break;
        case "p":
          h.parent();
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
    };
  }, []);
}
