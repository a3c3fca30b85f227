/**
 * GetEventsResponse -> EventRow, once per received event (the ingest hot path: plain field
 * reads, one summary, one lower-cased search string). Pure; never throws on partial messages
 * (real agents and the published examples omit fields): missing strings are "", missing
 * numbers undefined. The per-type switch lives in eventParts (event-parts.ts) and compactOf
 * (summary.ts), both exhaustive with assertNever.
 */
import type { GetEventsResponse } from "../gen/tetragon/events_pb.js";
import { formatArg } from "./args.js";
import { eventParts } from "./event-parts.js";
import type { EventRow } from "./event-row.js";
import { timestampMs, timestampRfc3339 } from "./event-time.js";
import { compactOf, KIND_META } from "./summary.js";

/** The summary is capped in the search text: its content is mostly other fields again. */
const SUMMARY_IN_SEARCH = 1024;

/** cyrb53: a fast 53-bit string hash, for short URL-safe selection keys. */
export function hash53(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The table fields of one event: an EventRow without `raw` (what the ingest worker posts). */
export type RowFields = Omit<EventRow, "raw">;

export function toEventRow(res: GetEventsResponse, seq: number): EventRow {
  const row = toRowFields(res, seq) as RowFields & { raw: GetEventsResponse };
  row.raw = res;
  return row;
}

/** GetEventsResponse -> the row's fields, built as one object (no spread copy per event). */
export function toRowFields(res: GetEventsResponse, seq: number): RowFields {
  const parts = eventParts(res);
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
  const labels =
    pod === undefined ? [] : Object.entries(pod.podLabels).map(([k, v]) => `${k}=${v}`);
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
    pid: p?.pid,
    uid: p?.uid,
    exitStatus,
    policy: parts.policy,
    functionName: parts.functionName,
    summary: compact.summary,
    key: hash53(`${parts.kind}|${node}|${time}|${execId}|${parts.functionName}|${compact.summary}`),
    icon: compact.icon,
    verb: compact.verb,
    action: parts.action,
    returnValue,
    parentArguments: parts.parent?.arguments ?? "",
    containerId: container?.id ?? "",
    image: container?.image?.name ?? "",
    cluster: res.clusterName,
    execId,
    searchText: "",
  };
  row.searchText = [
    KIND_META[row.kind].label,
    row.kind,
    row.verb,
    row.node,
    row.cluster,
    row.namespace,
    row.pod,
    row.container,
    row.workload,
    labels.join(" "),
    row.binary,
    row.arguments,
    row.parentBinary,
    row.parentArguments,
    row.pid === undefined ? "" : String(row.pid),
    row.uid === undefined ? "" : String(row.uid),
    row.exitStatus,
    row.policy,
    row.functionName,
    row.action,
    row.returnValue,
    row.containerId,
    row.image,
    row.summary.length > SUMMARY_IN_SEARCH ? row.summary.slice(0, SUMMARY_IN_SEARCH) : row.summary,
  ]
    .join("\n")
    .toLowerCase();
  return row;
}
