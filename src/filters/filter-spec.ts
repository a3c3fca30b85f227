/**
 * The filter bar's state: five strings exactly as the user typed them. Grammar, per field:
 *
 * - pod, namespace, binary, policy: an RE2 pattern matched unanchored (like Tetragon's pod_regex /
 *   binary_regex), so a plain word matches as a substring and `^…$` matches exactly.
 *   `(?i)` makes it case-insensitive. A leading `!` negates: `!^/usr/bin/curl$` hides curl.
 *   (Write `\!` for a pattern that really starts with "!".)
 * - eventType: kind names, comma separated ("exec,exit", "process_kprobe", "PROCESS_LSM");
 *   a leading `!` hides those kinds ("!kprobe,tracepoint").
 * - search: a case-insensitive substring over every field the table shows.
 */
export interface FilterSpec {
  readonly pod: string;
  readonly namespace: string;
  readonly binary: string;
  /** The tracing policy of hook events (kprobe, tracepoint, uprobe, usdt, lsm). */
  readonly policy: string;
  readonly eventType: string;
  readonly search: string;
}

export type FilterField = keyof FilterSpec;

export const FILTER_FIELDS = [
  "pod",
  "namespace",
  "binary",
  "policy",
  "eventType",
  "search",
] as const satisfies readonly FilterField[];

export const EMPTY_FILTERS: FilterSpec = {
  pod: "",
  namespace: "",
  binary: "",
  policy: "",
  eventType: "",
  search: "",
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
    placeholder: "exec,exit,kprobe… !… to hide",
    title:
      "Event kinds, comma separated: exec, exit, kprobe, tracepoint, uprobe, usdt, lsm, loader, throttle, rate_limit_info, test (also process_exec or PROCESS_EXEC). Start with ! to hide them: !kprobe",
  },
  search: {
    label: "Search",
    placeholder: "search all fields",
    title: "Case-insensitive text search over every shown field (arguments, paths, labels…).",
  },
};

/** Splits a leading "!" (negation) off a field value. */
export function splitNegation(value: string): { negated: boolean; body: string } {
  const t = value.trim();
  return t.startsWith("!")
    ? { negated: true, body: t.slice(1).trim() }
    : { negated: false, body: t };
}
