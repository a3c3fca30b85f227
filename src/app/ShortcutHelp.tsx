/**
 * The "Keyboard shortcuts" dialog (`?`), listing SHORTCUTS from use-shortcuts.ts: the same
 * table the key handler reads. A native modal <dialog>: it traps focus, Escape closes it and
 * focus returns to where it was.
 */
import { useEffect, useRef } from "react";
import { SHORTCUTS } from "../hooks/use-shortcuts";

export function ShortcutHelp(props: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const { open } = props;
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby="shortcut-help-title"
      onClose={props.onClose}
      className="m-auto max-w-md rounded border border-slate-300 bg-white p-4 text-sm text-slate-900 shadow-xl backdrop:bg-black/40 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
    >
      <div className="mb-3 flex items-center gap-2">
        <h2 id="shortcut-help-title" className="flex-1 font-semibold">
          Keyboard shortcuts
        </h2>
        <button
          type="button"
          onClick={props.onClose}
          aria-label="Close keyboard shortcuts"
          className="rounded px-2 text-lg leading-none hover:bg-slate-100 dark:hover:bg-slate-800"
        >
          ×
        </button>
      </div>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        {SHORTCUTS.map((s) => (
          <div key={s.action} className="contents">
            <dt className="flex gap-1">
              {s.label.map((key, i) => (
                <span key={key} className="flex gap-1">
                  {i > 0 && <span className="text-slate-500">or</span>}
                  <kbd className="rounded border border-slate-300 bg-slate-50 px-1 font-mono text-xs dark:border-slate-600 dark:bg-slate-800">
                    {key}
                  </kbd>
                </span>
              ))}
            </dt>
            <dd>{s.description}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">
        Not while typing in a field (except Esc). Column edges: drag to resize, double-click to fit,
        or focus one and use ← →.
      </p>
    </dialog>
  );
}
