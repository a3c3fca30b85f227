/**
 * The panel's edit state: a draft (one text per field) per allow and deny filter, each with
 * a stable id for React keys, and what Apply would send. Pure; AgentFilterPanel holds it in
 * useState from open to Apply/Cancel, so nothing reaches the agents mid-edit.
 *
 * Invariant: Apply sends only lists that validate, without empty filters — an empty deny
 * filter would match every event and the agents would send nothing.
 */
import type { AgentFilterLists, ListName } from "../tetra/agent-filter.js";
import { isEmptyFilter } from "../tetra/agent-filter.js";
import type { DraftErrors, FilterDraft } from "../tetra/agent-filter-draft.js";
import {
  EMPTY_DRAFT,
  draftOf,
  parseDraft,
  validateAgentFilter,
} from "../tetra/agent-filter-draft.js";
import type { DraftKey } from "../tetra/filter-fields.js";
import { agentFilterLimits } from "../tetra/request-limits.js";

export interface DraftEntry {
  readonly id: number;
  readonly draft: FilterDraft;
}

export interface EditorState {
  readonly allow: readonly DraftEntry[];
  readonly deny: readonly DraftEntry[];
  readonly nextId: number;
}

export function editorFromLists(lists: AgentFilterLists): EditorState {
  let nextId = 0;
  const entries = (filters: AgentFilterLists[ListName]): DraftEntry[] =>
    filters.map((f) => ({ id: nextId++, draft: draftOf(f) }));
  const allow = entries(lists.allow);
  const deny = entries(lists.deny);
  return { allow, deny, nextId };
}

export function addFilter(state: EditorState, list: ListName): EditorState {
  if (state[list].length >= agentFilterLimits.maxFilters) return state;
  return {
    ...state,
    [list]: [...state[list], { id: state.nextId, draft: EMPTY_DRAFT }],
    nextId: state.nextId + 1,
  };
}

export function removeFilter(state: EditorState, list: ListName, id: number): EditorState {
  return { ...state, [list]: state[list].filter((e) => e.id !== id) };
}

export function editField(
  state: EditorState,
  list: ListName,
  id: number,
  key: DraftKey,
  text: string,
): EditorState {
  return {
    ...state,
    [list]: state[list].map((e) => (e.id === id ? { id, draft: { ...e.draft, [key]: text } } : e)),
  };
}

export interface EditorResult {
  /** What Apply sends: the filters of the drafts, empty ones left out. */
  readonly lists: AgentFilterLists;
  /** Per draft id, the message per field; empty when Apply may send. */
  readonly errors: ReadonlyMap<number, DraftErrors>;
  /** Problems of a whole list (too many filters). */
  readonly listErrors: readonly string[];
  readonly ok: boolean;
}

export function editorResult(state: EditorState): EditorResult {
  const errors = new Map<number, DraftErrors>();
  const build = (entries: readonly DraftEntry[]) =>
    entries.flatMap((e) => {
      const parsed = parseDraft(e.draft);
      if (Object.keys(parsed.errors).length > 0) errors.set(e.id, parsed.errors);
      return isEmptyFilter(parsed.filter) ? [] : [parsed.filter];
    });
  const lists = { allow: build(state.allow), deny: build(state.deny) };
  const listErrors = validateAgentFilter(lists)
    .filter((i) => i.index === undefined)
    .map((i) => i.message);
  return { lists, errors, listErrors, ok: errors.size === 0 && listErrors.length === 0 };
}

/** The drafts after `change` (a preset, or "only/hide at the agent") on what they describe. */
export function applyToEditor(
  state: EditorState,
  change: (lists: AgentFilterLists) => AgentFilterLists,
): EditorState {
  return editorFromLists(change(editorResult(state).lists));
}
