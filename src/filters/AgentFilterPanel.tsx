/**
 * The "Agent filter" button and its panel: edits the allow and deny lists of tetragon.Filter
 * that every agent applies before sending (GetEventsRequest). Drafts live here from open to
 * Apply/Cancel; `onApply` gets only lists the agent and the gateway accept (see
 * agent-filter-editor.ts), so the caller can restart the streams with them as they are.
 * Props in, callbacks out: the caller owns the filter in force (the URL).
 */
import { useState } from "react";
import type { AgentFilterLists, ListName } from "../tetra/agent-filter.js";
import { isNoAgentFilter, sameAgentFilter } from "../tetra/agent-filter.js";
import { AGENT_FILTER_PRESETS } from "../tetra/agent-filter-actions.js";
import type { DraftErrors } from "../tetra/agent-filter-draft.js";
import { agentFilterRequestJson } from "../tetra/agent-filter-request.js";
import { FIELD_SPECS } from "../tetra/filter-fields.js";
import { agentFilterLimits } from "../tetra/request-limits.js";
import { AgentFilterField } from "./AgentFilterField";
import type { DraftEntry, EditorState } from "./agent-filter-editor.js";
import {
  addFilter,
  applyToEditor,
  editField,
  editorFromLists,
  editorResult,
  removeFilter,
} from "./agent-filter-editor.js";
import type { FilterSpec } from "./filter-spec.js";
import { tetraCommand } from "./tetra-command.js";

export interface AgentFilterPanelProps {
  /** The agent filter in force. */
  readonly value: AgentFilterLists;
  /** Called on Apply with valid lists that differ from `value`. */
  readonly onApply: (lists: AgentFilterLists) => void;
  /** The view (browser-side) filters, for "Copy as tetra command". */
  readonly viewFilters: FilterSpec;
  /** Clipboard writer (injected for tests); defaults to navigator.clipboard. */
  readonly copyText?: (text: string) => Promise<void>;
  /** Open at once (the user clicked the button while this panel's code was loading). */
  readonly openOnMount?: boolean;
}

const button =
  "rounded border border-slate-300 px-2 py-0.5 text-xs enabled:hover:bg-slate-100 disabled:opacity-40 dark:border-slate-600 dark:enabled:hover:bg-slate-800";

const LIST_TITLE: Readonly<Record<ListName, string>> = {
  allow: "Allow: the agents send events matching any of these filters",
  deny: "Deny: the agents drop events matching any of these filters",
};

export function AgentFilterPanel({
  value,
  onApply,
  viewFilters,
  copyText,
  openOnMount = false,
}: AgentFilterPanelProps) {
  const [editor, setEditor] = useState<EditorState | undefined>(() =>
    openOnMount ? editorFromLists(value) : undefined,
  );
  const [copied, setCopied] = useState<string>("");
  const open = editor !== undefined;
  const active = !isNoAgentFilter(value);
  const result = editor === undefined ? undefined : editorResult(editor);
  const changed = result !== undefined && !sameAgentFilter(result.lists, value);
  const command = tetraCommand(value, viewFilters);
  const copy = (text: string, what: string): void => {
    const write = copyText ?? ((t: string) => navigator.clipboard.writeText(t));
    write(text).then(
      () => {
        setCopied(`${what} copied`);
      },
      (err: unknown) => {
        setCopied(`Could not copy: ${err instanceof Error ? err.message : String(err)}`);
      },
    );
  };

  return (
    <div className="relative">
      <button
        type="button"
        aria-expanded={open}
        className={button}
        title={
          active
            ? "An agent filter is in force: the agents send only what it lets through"
            : "Filters the agents apply before sending: less traffic, and the buffer keeps only what you want"
        }
        onClick={() => {
          setCopied("");
          setEditor(open ? undefined : editorFromLists(value));
        }}
      >
        Agent filter
        {active && (
          <span aria-hidden="true" className="ml-1 text-sky-600 dark:text-sky-400">
            •
          </span>
        )}
      </button>
      {editor !== undefined && result !== undefined && (
        <section
          role="dialog"
          aria-label="Agent filter"
          className="absolute z-20 mt-1 max-h-[80vh] w-[44rem] max-w-[95vw] overflow-auto rounded border border-slate-300 bg-white p-3 text-xs shadow-lg dark:border-slate-600 dark:bg-slate-900"
        >
          <div className="mb-2 flex flex-wrap gap-2">
            {AGENT_FILTER_PRESETS.map((p) => (
              <button
                key={p.id}
                type="button"
                className={button}
                title={p.title}
                onClick={() => {
                  setEditor(applyToEditor(editor, p.apply));
                }}
              >
                {p.label}
              </button>
            ))}
          </div>
          {(["allow", "deny"] as const).map((list) => (
            <fieldset key={list} className="mb-2">
              <legend className="font-semibold" title={LIST_TITLE[list]}>
                {list === "allow" ? "Allow (any may match)" : "Deny (none may match)"}
              </legend>
              {editor[list].map((entry, i) => (
                <FilterCard
                  key={entry.id}
                  owner={`${list === "allow" ? "Allow" : "Deny"} ${String(i + 1)}`}
                  entry={entry}
                  errors={result.errors.get(entry.id) ?? {}}
                  onEdit={(key, text) => {
                    setEditor(editField(editor, list, entry.id, key, text));
                  }}
                  onRemove={() => {
                    setEditor(removeFilter(editor, list, entry.id));
                  }}
                />
              ))}
              <button
                type="button"
                className={button}
                disabled={editor[list].length >= agentFilterLimits.maxFilters}
                onClick={() => {
                  setEditor(addFilter(editor, list));
                }}
              >
                Add {list} filter
              </button>
            </fieldset>
          ))}
          {result.listErrors.map((m) => (
            <p key={m} role="alert" className="text-rose-700 dark:text-rose-300">
              {m}
            </p>
          ))}
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <button
              type="button"
              className={button}
              disabled={!result.ok || !changed}
              onClick={() => {
                onApply(result.lists);
                setEditor(undefined);
              }}
            >
              Apply
            </button>
            <button
              type="button"
              className={button}
              onClick={() => {
                setEditor(undefined);
              }}
            >
              Cancel
            </button>
            <span className="text-slate-500">
              {result.ok ? "" : "Fix the marked fields to apply"}
            </span>
          </div>
          <div className="mt-3 border-t border-slate-200 pt-2 dark:border-slate-700">
            <p className="mb-1 text-slate-500">In force, with the view filters:</p>
            <code className="block break-all font-mono">{command.command}</code>
            {command.unsupported.length > 0 && (
              <ul
                aria-label="No tetra flag for"
                className="mt-1 list-disc pl-4 text-amber-700 dark:text-amber-300"
              >
                {command.unsupported.map((u) => (
                  <li key={u}>no flag: {u}</li>
                ))}
              </ul>
            )}
            <div className="mt-1 flex flex-wrap items-center gap-2">
              <button
                type="button"
                className={button}
                onClick={() => {
                  copy(command.command, "Command");
                }}
              >
                Copy as tetra command
              </button>
              <button
                type="button"
                className={button}
                onClick={() => {
                  copy(agentFilterRequestJson(value), "GetEventsRequest JSON");
                }}
              >
                Copy as GetEventsRequest JSON
              </button>
              <span role="status" className="text-slate-500">
                {copied}
              </span>
            </div>
          </div>
        </section>
      )}
    </div>
  );
}

interface FilterCardProps {
  readonly owner: string;
  readonly entry: DraftEntry;
  readonly errors: DraftErrors;
  readonly onEdit: (key: (typeof FIELD_SPECS)[number]["key"], text: string) => void;
  readonly onRemove: () => void;
}

function FilterCard({ owner, entry, errors, onEdit, onRemove }: FilterCardProps) {
  const field = (spec: (typeof FIELD_SPECS)[number]) => (
    <AgentFilterField
      key={spec.key}
      spec={spec}
      owner={owner}
      value={entry.draft[spec.key]}
      error={errors[spec.key]}
      onChange={(text) => {
        onEdit(spec.key, text);
      }}
    />
  );
  const advanced = FIELD_SPECS.filter((s) => s.advanced === true);
  const advancedSet = advanced.filter((s) => entry.draft[s.key].trim() !== "").length;
  const advancedErrors = advanced.some((s) => errors[s.key] !== undefined);
  return (
    <div className="mb-2 rounded border border-slate-200 p-2 dark:border-slate-700">
      <div className="mb-1 flex items-center justify-between">
        <span className="font-medium">{owner}</span>
        <button type="button" className={button} aria-label={`Remove ${owner}`} onClick={onRemove}>
          Remove
        </button>
      </div>
      <div className="grid grid-cols-2 gap-x-2">
        {FIELD_SPECS.filter((s) => !s.advanced).map(field)}
      </div>
      <details open={advancedErrors || undefined}>
        <summary className="cursor-pointer text-slate-500">
          More fields{advancedSet > 0 ? ` (${String(advancedSet)} set)` : ""}
        </summary>
        <div className="grid grid-cols-2 gap-x-2">{advanced.map(field)}</div>
      </details>
    </div>
  );
}
