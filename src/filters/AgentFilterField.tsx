/**
 * One field of one agent filter: its input (lines, comma list or true/false), the field's
 * meaning in the title, and a message line that is always laid out, so an error appearing
 * or going never moves the fields below.
 */
import { useId } from "react";
import { cn } from "../lib/cn";
import type { FieldSpec } from "../tetra/filter-fields.js";

export interface AgentFilterFieldProps {
  readonly spec: FieldSpec;
  readonly value: string;
  readonly error: string | undefined;
  /** Prefix for the accessible name ("Allow 1"), so every input's label is unique. */
  readonly owner: string;
  readonly onChange: (text: string) => void;
}

const inputClass = (error: string | undefined): string =>
  cn(
    "w-full rounded border bg-white px-2 py-0.5 font-mono text-xs dark:bg-slate-900",
    error !== undefined
      ? "border-rose-500 outline-rose-500"
      : "border-slate-300 dark:border-slate-600",
  );

export function AgentFilterField({ spec, value, error, owner, onChange }: AgentFilterFieldProps) {
  const id = useId();
  const describedBy = `${id}-error`;
  const common = {
    id,
    title: spec.title,
    "aria-label": `${owner} ${spec.label}`,
    "aria-invalid": error !== undefined,
    "aria-describedby": describedBy,
    className: inputClass(error),
  };
  const lines = Math.min(4, Math.max(1, value.split("\n").length));
  return (
    <div className="flex min-w-0 flex-col">
      <label
        htmlFor={id}
        title={spec.title}
        className="text-[11px] font-medium text-slate-600 dark:text-slate-300"
      >
        {spec.label} <span className="font-mono font-normal text-slate-400">{spec.proto}</span>
      </label>
      {spec.input === "bool" ? (
        <select
          {...common}
          value={value}
          onChange={(e) => {
            onChange(e.currentTarget.value);
          }}
        >
          <option value="">any</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      ) : spec.input === "lines" ? (
        <textarea
          {...common}
          rows={lines}
          spellCheck={false}
          value={value}
          placeholder={spec.placeholder}
          onChange={(e) => {
            onChange(e.currentTarget.value);
          }}
        />
      ) : (
        <input
          {...common}
          type="text"
          spellCheck={false}
          autoComplete="off"
          value={value}
          placeholder={spec.placeholder}
          onChange={(e) => {
            onChange(e.currentTarget.value);
          }}
        />
      )}
      <span
        id={describedBy}
        className="block min-h-4 truncate text-[11px] leading-4 text-rose-700 dark:text-rose-300"
        title={error}
      >
        {error ?? ""}
      </span>
    </div>
  );
}
