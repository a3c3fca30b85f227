/**
 * SlimEvent -> RowView, once per received event (the ingest hot path: plain field reads, one
 * summary, one key hash). Pure; never throws on partial messages (real agents and the
 * published examples omit fields): missing strings are "", missing numbers undefined. The
 * per-type switch lives in rowParts (event-parts.ts) and compactOf (summary.ts), both
 * exhaustive with assertNever. Takes a SlimEvent, so a fully decoded message (the reference)
 * and the fast partial decode (slim-decode.ts) go through this same function.
 */
import type { RowView } from "../model/row.js";
import { formatArg } from "./args.js";
import { rowParts } from "./event-parts.js";
import { timestampMs, timestampRfc3339 } from "./event-time.js";
import type { SlimEvent } from "./slim-event.js";
import { compactOf } from "./summary.js";

/** cyrb53: a fast 53-bit string hash, for short URL-safe selection keys. */
export function keyHash(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The key's URL form (base 36); `keyHash` values round-trip through parseInt(s, 36). */
export function keyString(hash: number): string {
  return hash.toString(36);
}

/** The hash input of a row's key: what identifies an event across reloads. */
export function keyInput(
  row: Pick<RowView, "kind" | "node" | "time" | "execId" | "functionName" | "summary">,
): string {
  return `${row.kind}|${row.node}|${row.time}|${row.execId}|${row.functionName}|${row.summary}`;
}

const labelLists = new WeakMap<object, readonly string[]>();
const NO_LABELS: readonly string[] = Object.freeze([]);

/**
 * Pod labels as "key=value", in the message's order. Remembered per labels object: the fast
 * decoder hands the same object for the same encoded labels, so a pod's list is built once.
 */
export function labelList(podLabels: { readonly [key: string]: string }): readonly string[] {
  const hit = labelLists.get(podLabels);
  if (hit !== undefined) return hit;
  const list = Object.freeze(Object.entries(podLabels).map(([k, v]) => `${k}=${v}`));
  labelLists.set(podLabels, list);
  return list;
}

/** SlimEvent -> the row. */
export function toRowView(res: SlimEvent, seq: number): RowView {
  return buildRow(res, seq).row;
}

/**
 * The row, built as one object, and its key's hash (what the worker stores). `withKey` false
 * leaves `row.key` empty: the worker's ingest keeps only the hash and formats keys on read.
 */
export function buildRow(
  res: SlimEvent,
  seq: number,
  withKey = true,
): { row: RowView; keyHash: number } {
  const parts = rowParts(res);
  const p = parts.process;
  const pod = p?.pod;
  const container = pod?.container;
  const compact = compactOf(res);
  const time = timestampRfc3339(res.time);
  const node = res.nodeName;
  const execId = p?.execId ?? "";

  let exitStatus = "";
  if (res.event.case === "processExit") {
    const v = res.event.value;
    exitStatus = v.signal !== "" ? v.signal : String(v.status);
  }
  const labels = pod === undefined ? NO_LABELS : labelList(pod.podLabels);
  const returnValue = parts.returnArg === undefined ? "" : formatArg(parts.returnArg);

  const row = {
    seq,
    kind: parts.kind,
    timeMs: timestampMs(res.time),
    time,
    node,
    namespace: pod?.namespace ?? "",
    pod: pod?.name ?? "",
    container: container?.name ?? "",
    workload: pod?.workload ?? "",
    labels,
    binary: p?.binary ?? "",
    arguments: p?.arguments ?? "",
    parentBinary: parts.parent?.binary ?? "",
    parentArguments: parts.parent?.arguments ?? "",
    pid: p?.pid,
    uid: p?.uid,
    exitStatus,
    policy: parts.policy,
    functionName: parts.functionName,
    summary: compact.summary,
    key: "",
    icon: compact.icon,
    verb: compact.verb,
    action: parts.action,
    returnValue,
    containerId: container?.id ?? "",
    image: container?.image?.name ?? "",
    cluster: res.clusterName,
    execId,
    parentExecId: p?.parentExecId ?? "",
  };
  const hash = keyHash(keyInput(row));
  if (withKey) row.key = keyString(hash);
  return { row, keyHash: hash };
}
