/**
 * The URL owns the shareable view state: filters, the selected event and the visible columns.
 * Components never build URLs by hand; they call `readViewState(location.search)` and
 * `viewStateUrl(state, location)`.
 *
 * Params (short, stable; unknown params are ignored on read and kept on write):
 *   pod, ns, bin, policy,   the filter inputs, verbatim
 *   type, q
 *   cel                     the CEL filter input, verbatim
 *   from, to                the time window's bounds, verbatim
 *   sel                     the selected event's key (RowView.key)
 *   cols                    visible column ids, comma separated ("cols=" = none chosen)
 *   af                      the agent filter (GetEventsRequest allow/deny lists), "1." +
 *                           base64url of its protobuf binary; read and written on its own
 *                           (raw here: readAgentFilterParam / agentFilterParamUrl; decoded in
 *                           agent-filter-url.ts, which loads protobuf), kept by writeViewState
 *
 * Reading never throws: garbage, over-long values and duplicates are dropped or cut.
 */
import { MAX_AGENT_FILTER_PARAM } from "../tetra/request-limits.js";
import type { FilterSpec } from "./filter-spec.js";
import { EMPTY_FILTERS } from "./filter-spec.js";

export interface ViewState {
  readonly filters: FilterSpec;
  readonly selected: string | undefined;
  readonly columns: readonly string[] | undefined;
}

export const EMPTY_VIEW_STATE: ViewState = {
  filters: EMPTY_FILTERS,
  selected: undefined,
  columns: undefined,
};

export const URL_PARAMS = {
  pod: "pod",
  namespace: "ns",
  binary: "bin",
  policy: "policy",
  eventType: "type",
  search: "q",
  cel: "cel",
  from: "from",
  to: "to",
  selected: "sel",
  columns: "cols",
} as const;

/** Longest accepted value: a filter longer than this is not something a person typed. */
export const MAX_PARAM_LENGTH = 2048;
const COLUMN_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_COLUMNS = 64;

function params(search: string): URLSearchParams {
  try {
    return new URLSearchParams(search.startsWith("?") ? search.slice(1) : search);
  } catch {
    return new URLSearchParams();
  }
}

function text(p: URLSearchParams, name: string): string {
  const v = p.get(name) ?? "";
  return v.length > MAX_PARAM_LENGTH ? v.slice(0, MAX_PARAM_LENGTH) : v;
}

export function readViewState(search: string): ViewState {
  const p = params(typeof search === "string" ? search : "");
  const filters: FilterSpec = {
    pod: text(p, URL_PARAMS.pod),
    namespace: text(p, URL_PARAMS.namespace),
    binary: text(p, URL_PARAMS.binary),
    policy: text(p, URL_PARAMS.policy),
    eventType: text(p, URL_PARAMS.eventType),
    search: text(p, URL_PARAMS.search),
    cel: text(p, URL_PARAMS.cel),
    from: text(p, URL_PARAMS.from),
    to: text(p, URL_PARAMS.to),
  };
  const sel = text(p, URL_PARAMS.selected).trim();
  const rawCols = p.get(URL_PARAMS.columns);
  let columns: string[] | undefined;
  if (rawCols !== null) {
    columns = [];
    for (const c of rawCols.slice(0, MAX_PARAM_LENGTH).split(",")) {
      const id = c.trim();
      if (COLUMN_ID.test(id) && !columns.includes(id) && columns.length < MAX_COLUMNS) {
        columns.push(id);
      }
    }
  }
  return { filters, selected: sel === "" ? undefined : sel, columns };
}

/**
 * The query string (without "?") for `state`. Params of `current` that are not ours are kept,
 * so other features may own their own params.
 */
export function writeViewState(state: ViewState, current = ""): string {
  const p = params(current);
  for (const name of Object.values(URL_PARAMS)) p.delete(name);
  const f = state.filters;
  const set = (name: string, v: string | undefined): void => {
    if (v !== undefined && v !== "") p.set(name, v);
  };
  set(URL_PARAMS.pod, f.pod);
  set(URL_PARAMS.namespace, f.namespace);
  set(URL_PARAMS.binary, f.binary);
  set(URL_PARAMS.policy, f.policy);
  set(URL_PARAMS.eventType, f.eventType);
  set(URL_PARAMS.search, f.search);
  set(URL_PARAMS.cel, f.cel);
  set(URL_PARAMS.from, f.from);
  set(URL_PARAMS.to, f.to);
  set(URL_PARAMS.selected, state.selected);
  if (state.columns !== undefined) p.set(URL_PARAMS.columns, state.columns.join(","));
  return p.toString();
}

/** Path + "?query" (when any) + hash: the argument for history.replaceState/pushState. */
export function viewStateUrl(
  state: ViewState,
  location: { readonly pathname: string; readonly search: string; readonly hash: string },
): string {
  const qs = writeViewState(state, location.search);
  return `${location.pathname}${qs === "" ? "" : `?${qs}`}${location.hash}`;
}

export function sameViewState(a: ViewState, b: ViewState): boolean {
  return writeViewState(a) === writeViewState(b);
}

/** The agent filter's param: not in URL_PARAMS, so writeViewState keeps it as it is. */
export const AGENT_FILTER_PARAM = "af";

/**
 * The raw `af` value of `search` (not decoded: the page hands it to the ingest worker, which
 * decodes and validates it, so protobuf never loads on the page). Over-long values read as "".
 */
export function readAgentFilterParam(search: string): string {
  const raw = params(typeof search === "string" ? search : "").get(AGENT_FILTER_PARAM) ?? "";
  return raw.length > MAX_AGENT_FILTER_PARAM ? "" : raw;
}

/** Path + query + hash with `af` set to an encoded `value` ("" removes it). */
export function agentFilterParamUrl(
  value: string,
  location: { readonly pathname: string; readonly search: string; readonly hash: string },
): string {
  const p = params(location.search);
  if (value === "") p.delete(AGENT_FILTER_PARAM);
  else p.set(AGENT_FILTER_PARAM, value);
  const qs = p.toString();
  return `${location.pathname}${qs === "" ? "" : `?${qs}`}${location.hash}`;
}
