/**
 * Every name the Event type filter accepts, and the completions it offers: the event kinds
 * (with Tetragon's EventType and oneof names, event-kind.ts) and the per-event labels the Type
 * column shows (RowView.verb: "open", "connect", "write"... as src/decode/summary*.ts writes
 * them). A kind name wins over a label of the same spelling ("exit", "tracepoint"): the kind
 * holds every event the label does. Pure data, shared by the filter bar (completion) and the
 * ingest worker (compile.ts).
 */
import { EVENT_KINDS, KIND_META, KIND_NAMES, kindFromName, type EventKind } from "./event-kind.js";

/** The Type column's labels that are not kind names, with what they stand for. */
export const TYPE_LABELS: Readonly<Record<string, string>> = {
  open: "a file opened (fd_install, open, openat)",
  openat: "openat",
  close: "a file or socket closed",
  read: "a file read",
  write: "a file written",
  connect: "a TCP connection (tcp_connect)",
  sendmsg: "a TCP message sent",
  mount: "a mount",
  setuid: "a setuid call",
  setns: "a namespace change",
  truncate: "a file truncated",
  clock_settime: "the clock set",
  pivot_root: "pivot_root",
  proc_exec_connector: "proc_exec_connector",
  bpf_load: "a BPF program loaded",
  bpf_map_create: "a BPF map created",
  perf_event_alloc: "a perf event allocated",
  syscall: "a raw syscall or an unnamed kprobe",
  security_file_permission: "security_file_permission (neither read nor write)",
  security_mmap_file: "security_mmap_file",
  security_path_truncate: "security_path_truncate",
};

/** mmap labels carry the protection bits: "mmap-r", "mmap-rw", "mmap-rwx", "mmap-". */
const MMAP_LABEL = /^mmap-r?w?x?$/;

/** What one typed name denotes, or undefined when it names nothing the table shows. */
export type TypeName = { readonly kind: EventKind } | { readonly label: string } | undefined;

export function typeFromName(name: string): TypeName {
  const kind = kindFromName(name);
  if (kind !== undefined) return { kind };
  const label = name.trim().toLowerCase();
  return label in TYPE_LABELS || MMAP_LABEL.test(label) ? { label } : undefined;
}

export interface TypeCompletion {
  readonly name: string;
  readonly description: string;
}

/** Every name offered for completion: kinds first (short form, then Tetragon's), labels. */
export const TYPE_COMPLETIONS: readonly TypeCompletion[] = [
  ...EVENT_KINDS.map((k) => ({
    name: k,
    description: `${KIND_META[k].label} events (${KIND_NAMES[k].enumName})`,
  })),
  { name: "process", description: "process starts (exec)" },
  ...Object.entries(TYPE_LABELS).map(([name, description]) => ({ name, description })),
  ...EVENT_KINDS.map((k) => ({ name: KIND_NAMES[k].enumName, description: `${k} events` })),
  ...EVENT_KINDS.filter((k) => KIND_NAMES[k].field !== k).map((k) => ({
    name: KIND_NAMES[k].field,
    description: `${k} events`,
  })),
];

/**
 * Completions for the whole input: the value with its last comma-separated name completed
 * (so a datalist offers "exec,connect" for "exec,con"). A leading "!" is kept.
 */
export function typeCompletions(value: string, max = 12): TypeCompletion[] {
  const cut = Math.max(value.lastIndexOf(","), value.lastIndexOf("!"));
  const head = value.slice(0, cut + 1);
  const last = value
    .slice(cut + 1)
    .trim()
    .toLowerCase();
  const typed = new Set(
    head
      .split(/[,!\s]+/)
      .map((s) => s.trim().toLowerCase())
      .filter((s) => s !== ""),
  );
  const out: TypeCompletion[] = [];
  for (const c of TYPE_COMPLETIONS) {
    if (out.length >= max) break;
    const lower = c.name.toLowerCase();
    if (typed.has(lower) || !lower.startsWith(last)) continue;
    out.push({ name: `${head}${c.name}`, description: c.description });
  }
  return out;
}
