/**
 * Reads the handful of agent options that decide what the dashboard can show, and says in
 * plain words when one users expect is off (missing ancestors, cilium/tetragon#2420; no pod
 * info, #2621; "my deny list does not apply", #3742). Pure.
 *
 * Option names are Tetragon's flags (pkg/option). Values arrive typed (BoolValue) from flags
 * and as strings ("true") from a config directory such as the Helm chart's ConfigMap, so both
 * are read. An option the agent did not report gives no note: unknown is not "off".
 */
import type { AgentOption, ConfValue } from "../decode/agent-info.js";

export interface AgentNote {
  readonly id: string;
  readonly severity: "warning" | "info";
  readonly text: string;
}

export interface AgentSetting {
  /** What users call it ("Ancestors", "Pod info"...). */
  readonly label: string;
  /** The agent's option name, for searching its docs. */
  readonly key: string;
  /** true/false for switches, undefined for values (lists, names). */
  readonly on: boolean | undefined;
  /** The value as text ("base, kprobe", "off", "{\"event_set\":[...]}"). */
  readonly text: string;
}

/** The options worth a line of their own, in the order the dialog lists them. */
const KEY_OPTIONS: readonly { key: string; label: string }[] = [
  { key: "enable-ancestors", label: "Ancestors" },
  { key: "enable-process-ancestors", label: "Ancestors" },
  { key: "enable-k8s-api", label: "Pod info (Kubernetes API)" },
  { key: "enable-process-cred", label: "Process credentials" },
  { key: "enable-process-ns", label: "Namespaces" },
  { key: "export-allowlist", label: "Export allow list" },
  { key: "export-denylist", label: "Export deny list" },
  { key: "redaction-filters", label: "Redaction filters" },
  { key: "field-filters", label: "Field filters" },
  { key: "enable-policy-filter", label: "Policy filter (namespaced policies)" },
  { key: "cluster-name", label: "Cluster name" },
  { key: "export-filename", label: "Export file" },
];

/** Event types whose ancestors enable-ancestors can add beyond "base" (exec and exit). */
const ANCESTOR_TYPES = ["kprobe", "tracepoint", "uprobe", "lsm"] as const;

export function asBool(v: ConfValue): boolean | undefined {
  if (v.kind === "bool") return v.value;
  if (v.kind === "string" && /^(true|false)$/i.test(v.value.trim())) {
    return v.value.trim().toLowerCase() === "true";
  }
  return undefined;
}

function asList(v: ConfValue): string[] {
  const parts = v.kind === "list" ? v.value : v.kind === "string" ? v.value.split(",") : [];
  return parts.map((s) => s.trim()).filter((s) => s !== "");
}

export function confText(v: ConfValue): string {
  if (v.kind === "list") return v.value.join(", ");
  if (v.kind === "bool") return v.value ? "on" : "off";
  return v.value;
}

/** Ancestor event types the agent enables: ["base", "kprobe"...]; undefined when unreported. */
function ancestorTypes(byKey: ReadonlyMap<string, ConfValue>): string[] | undefined {
  const list = byKey.get("enable-ancestors");
  if (list !== undefined) return asList(list);
  // Before Tetragon 1.3 a single switch, for exec and exit only.
  const old = byKey.get("enable-process-ancestors");
  if (old === undefined) return undefined;
  return asBool(old) === true ? ["base"] : [];
}

export function keySettings(options: readonly AgentOption[]): AgentSetting[] {
  const byKey = new Map(options.map((o) => [o.key, o.value]));
  const out: AgentSetting[] = [];
  for (const { key, label } of KEY_OPTIONS) {
    const v = byKey.get(key);
    if (v === undefined) continue;
    if (key === "enable-ancestors") {
      const types = asList(v);
      out.push({ label, key, on: types.includes("base"), text: types.join(", ") || "off" });
      continue;
    }
    const on = asBool(v);
    const text = confText(v);
    out.push({ label, key, on, text: on === undefined ? text || "(empty)" : on ? "on" : "off" });
  }
  return out;
}

export function agentNotes(options: readonly AgentOption[]): AgentNote[] {
  const byKey = new Map(options.map((o) => [o.key, o.value]));
  const notes: AgentNote[] = [];
  const flag = (key: string) => {
    const v = byKey.get(key);
    return v === undefined ? undefined : asBool(v);
  };

  const ancestors = ancestorTypes(byKey);
  if (ancestors !== undefined && !ancestors.includes("base")) {
    notes.push({
      id: "ancestors-off",
      severity: "warning",
      text: "Ancestors are disabled on this agent (enable-ancestors): trees are built from the buffer only.",
    });
  } else if (ancestors !== undefined) {
    const missing = ANCESTOR_TYPES.filter((t) => !ancestors.includes(t));
    if (missing.length > 0) {
      notes.push({
        id: "ancestors-partial",
        severity: "info",
        text: `Ancestors are sent with exec and exit events but not with ${missing.join(", ")} events (enable-ancestors: ${ancestors.join(", ")}).`,
      });
    }
  }
  if (flag("enable-k8s-api") === false) {
    notes.push({
      id: "k8s-off",
      severity: "warning",
      text: "Kubernetes API access is off (enable-k8s-api): events carry no pod, namespace, workload or labels, so pod and namespace filters match nothing.",
    });
  }
  if (flag("enable-process-cred") === false) {
    notes.push({
      id: "cred-off",
      severity: "info",
      text: "Process credentials are off (enable-process-cred): events carry no process_credentials, so setuid and uid-change badges cannot show.",
    });
  }
  if (flag("enable-process-ns") === false) {
    notes.push({
      id: "ns-off",
      severity: "info",
      text: "Namespaces are off (enable-process-ns): events carry no namespaces, so host-namespace badges cannot show.",
    });
  }
  const exportLists = ["export-allowlist", "export-denylist"].filter((k) => {
    const v = byKey.get(k);
    return v !== undefined && confText(v).trim() !== "";
  });
  if (exportLists.length > 0) {
    notes.push({
      id: "export-lists",
      severity: "info",
      text: `The ${exportLists.join(" and ")} ${exportLists.length === 1 ? "filters" : "filter"} only the agent's JSON export file, not the gRPC stream this dashboard reads: events ${exportLists.length === 1 ? "it drops" : "they drop"} still show here.`,
    });
  }
  return notes;
}
