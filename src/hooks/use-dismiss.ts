/**
 * Closes a disclosure menu (Columns, Export...) on Escape or a pointer press outside it.
 * Escape is taken in the capture phase and stopped there, so one press closes the innermost
 * open thing only: the menu, not also the detail pane behind it (use-shortcuts.ts). Focus
 * returns to the menu's button when focus was inside the menu, so keyboard users stay put.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";

export function useDismiss(
  open: boolean,
  close: () => void,
  root: RefObject<HTMLElement | null>,
  button: RefObject<HTMLElement | null>,
): void {
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      e.stopPropagation();
      e.preventDefault();
      const within = root.current?.contains(document.activeElement) === true;
      close();
      if (within) button.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      if (e.target instanceof Node && root.current?.contains(e.target) !== true) close();
    };
    window.addEventListener("keydown", onKey, true);
    window.addEventListener("pointerdown", onPointer, true);
    return () => {
      window.removeEventListener("keydown", onKey, true);
      window.removeEventListener("pointerdown", onPointer, true);
    };
  }, [open, close, root, button]);
}

/** A disclosure menu's state: open flag, refs for its root and button, dismissed as above. */
export function useMenu() {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => {
    setOpen(false);
  }, []);
  useDismiss(open, close, rootRef, buttonRef);
  return { open, setOpen, rootRef, buttonRef };
}
