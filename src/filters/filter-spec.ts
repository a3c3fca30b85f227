/**
 * The filter bar's state: strings exactly as the user typed them. Grammar, per field:
 *
 * - pod, namespace, binary, policy: an RE2 pattern matched unanchored (like Tetragon's pod_regex /
 *   binary_regex), so a plain word matches as a substring and `^…$` matches exactly.
 *   `(?i)` makes it case-insensitive. A leading `!` negates: `!^/usr/bin/curl$` hides curl.
 *   (Write `\!` for a pattern that really starts with "!".)
 * - eventType: names, comma separated: kinds ("exec,exit", "process_kprobe", "PROCESS_LSM")
 *   or the labels the Type column shows ("open,connect,write"; model/type-names.ts); a
 *   leading `!` hides them ("!kprobe,tracepoint").
 * - from, to: a time window over the event time, inclusive, each bound optional:
 *   "2026-12-02T15:04:05Z", "2026-12-02 15:04" (no zone: local time, as the Time column
 *   shows), "2026-12-02". `to` covers the whole of its last unit ("15:04" up to 15:04:59.999).
 * - search: a case-insensitive substring over every field the table shows.
 * - cel: a Tetragon `cel_expression` (the agent's CEL environment, src/tetra/cel.ts) over the
 *   full event: `process_exec.process.pod.namespace == 'default'`. Evaluated in the ingest
 *   worker from each event's kept bytes.
 */
export interface FilterSpec {
  readonly pod: string;
  readonly namespace: string;
  readonly binary: string;
  /** The tracing policy of hook events (kprobe, tracepoint, uprobe, usdt, lsm). */
  readonly policy: string;
  readonly eventType: string;
  readonly search: string;
  readonly cel: string;
  readonly from: string;
  readonly to: string;
}

export type FilterField = keyof FilterSpec;

export const FILTER_FIELDS = [
  "pod",
  "namespace",
  "binary",
  "policy",
  "eventType",
  "search",
  "cel",
  "from",
  "to",
] as const satisfies readonly FilterField[];

export const EMPTY_FILTERS: FilterSpec = {
  pod: "",
  namespace: "",
  binary: "",
  policy: "",
  eventType: "",
  search: "",
  cel: "",
  from: "",
  to: "",
};

/** Placeholder and title (tooltip) text for each input, so the grammar is discoverable. */
export const FILTER_HELP: Readonly<
  Record<
    FilterField,
    { readonly label: string; readonly placeholder: string; readonly title: string }
  >
> = {
  pod: {
    label: "Pod",
    placeholder: "pod (RE2), !… to hide",
    title:
      "RE2 pattern on the pod name, matched anywhere: xwing, ^xwing$, (?i)XWING, xwing|tiefighter. Start with ! to hide matches: !^coredns-",
  },
  namespace: {
    label: "Namespace",
    placeholder: "namespace (RE2), !… to hide",
    title:
      "RE2 pattern on the namespace, matched anywhere: ^default$, kube-. Start with ! to hide matches: !^kube-system$",
  },
  binary: {
    label: "Binary",
    placeholder: "binary (RE2), !… to hide",
    title:
      "RE2 pattern on the binary path, matched anywhere: curl, ^/usr/bin/(curl|wget)$. Start with ! to hide matches: !^/usr/bin/curl$",
  },
  policy: {
    label: "Policy",
    placeholder: "policy (RE2), !… to hide",
    title:
      "RE2 pattern on the tracing policy of hook events (kprobe, tracepoint, uprobe, usdt, lsm), matched anywhere: ^observe-network$, (?i)file. Start with ! to hide matches: !^noisy-policy$",
  },
  eventType: {
    label: "Event type",
    placeholder: "open,connect,exec… !… to hide",
    title:
      "Event types, comma separated: the Type column's names (process, exit, open, connect, write…), kinds (exec, kprobe, tracepoint, uprobe, usdt, lsm, loader, throttle, rate_limit_info, test) or Tetragon's names (PROCESS_EXEC, process_kprobe). Start with ! to hide them: !kprobe",
  },
  search: {
    label: "Search",
    placeholder: "search all fields",
    title: "Case-insensitive text search over every shown field (arguments, paths, labels…).",
  },
  cel: {
    label: "CEL",
    placeholder: "process_exec.process.pid > 1u",
    title:
      "A Tetragon cel_expression over the whole event, as the agent evaluates it: one variable per event kind (process_exec, process_kprobe, …), e.g. process_exec.process.binary.endsWith('/curl') || process_kprobe.function_name == 'security_file_open'",
  },
  from: {
    label: "From",
    placeholder: "2026-12-02 15:04",
    title:
      "Events at or after this time: 2026-12-02T15:04:05Z, 2026-12-02 15:04 (local time, as the Time column shows), 2026-12-02",
  },
  to: {
    label: "To",
    placeholder: "2026-12-02 15:05",
    title:
      "Events up to this time, inclusive of its last unit (15:04 includes 15:04:59.999): 2026-12-02T15:05Z, 2026-12-02 15:05, 2026-12-02",
  },
};

/** Splits a leading "!" (negation) off a field value. */
export function splitNegation(value: string): { negated: boolean; body: string } {
  const t = value.trim();
  return t.startsWith("!")
    ? { negated: true, body: t.slice(1).trim() }
    : { negated: false, body: t };
}
