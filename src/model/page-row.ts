/**
 * The page's copy of one event: the table fields the ingest worker computed (interned where
 * values repeat) plus a reference to the event's encoded bytes. `raw` decodes those bytes on
 * demand (detail pane, copy JSON, export): the store never holds decoded messages, which
 * would cost several KB per event, and decoding one event for a click costs microseconds.
 *
 * Invariants: fields mean exactly what EventRow documents; `raw` equals the message the
 * worker decoded (same bytes, same decoder); one shared ArrayBuffer per received batch,
 * released once every row of the batch has left the ring buffer.
 */
import { fromBinary } from "@bufbuild/protobuf";
import { GetEventsResponseSchema, type GetEventsResponse } from "../gen/tetragon/events_pb.js";
import type { EventKind } from "./event-kind.js";
import type { EventRow } from "./event-row.js";
import type { RowFields } from "../decode/to-event-row.js";

/** Canonical copies of repeating strings (node, pod, binary...), bounded. */
export class StringInterner {
  private map = new Map<string, string>();
  constructor(private readonly limit = 100_000) {}
  get(s: string): string {
    if (s.length > 512) return s;
    const hit = this.map.get(s);
    if (hit !== undefined) return hit;
    if (this.map.size >= this.limit) this.map = new Map();
    this.map.set(s, s);
    return s;
  }
  /** Label lists repeat per pod: share one frozen array per distinct list. */
  labels(list: readonly string[]): readonly string[] {
    if (list.length === 0) return EMPTY;
    const key = list.join("\u0000");
    const hit = this.lists.get(key);
    if (hit !== undefined) return hit;
    const value = Object.freeze(list.map((l) => this.get(l)));
    if (this.lists.size >= this.limit) this.lists.clear();
    this.lists.set(key, value);
    return value;
  }
  private readonly lists = new Map<string, readonly string[]>();
}

const EMPTY: readonly string[] = Object.freeze([]);

/** One decoded message cached: the detail pane reads `raw` several times per render. */
let lastDecoded: { row: PageRow; msg: GetEventsResponse } | undefined;

export class PageRow implements EventRow {
  readonly seq: number;
  readonly kind: EventKind;
  readonly timeMs: number;
  readonly time: string;
  readonly node: string;
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly workload: string;
  readonly labels: readonly string[];
  readonly binary: string;
  readonly arguments: string;
  readonly parentBinary: string;
  readonly pid: number | undefined;
  readonly uid: number | undefined;
  readonly exitStatus: string;
  readonly policy: string;
  readonly functionName: string;
  readonly summary: string;
  readonly key: string;
  readonly icon: string;
  readonly verb: string;
  readonly action: string;
  readonly returnValue: string;
  readonly parentArguments: string;
  readonly containerId: string;
  readonly image: string;
  readonly cluster: string;
  readonly execId: string;
  readonly parentExecId: string;
  readonly searchText: string;
  private readonly bytes: ArrayBuffer;
  private readonly start: number;
  private readonly end: number;

  constructor(
    f: RowFields,
    intern: StringInterner,
    bytes: ArrayBuffer,
    start: number,
    end: number,
  ) {
    const i = (s: string): string => intern.get(s);
    this.seq = f.seq;
    this.kind = f.kind;
    this.timeMs = f.timeMs;
    this.time = f.time;
    this.node = i(f.node);
    this.namespace = i(f.namespace);
    this.pod = i(f.pod);
    this.container = i(f.container);
    this.workload = i(f.workload);
    this.labels = intern.labels(f.labels);
    this.binary = i(f.binary);
    this.arguments = i(f.arguments);
    this.parentBinary = i(f.parentBinary);
    this.pid = f.pid;
    this.uid = f.uid;
    this.exitStatus = i(f.exitStatus);
    this.policy = i(f.policy);
    this.functionName = i(f.functionName);
    this.summary = f.summary;
    this.key = f.key;
    this.icon = i(f.icon);
    this.verb = i(f.verb);
    this.action = i(f.action);
    this.returnValue = i(f.returnValue);
    this.parentArguments = i(f.parentArguments);
    this.containerId = i(f.containerId);
    this.image = i(f.image);
    this.cluster = i(f.cluster);
    this.execId = f.execId;
    this.parentExecId = f.parentExecId;
    this.searchText = f.searchText;
    this.bytes = bytes;
    this.start = start;
    this.end = end;
  }

  /** The full message, decoded from the kept bytes. */
  get raw(): GetEventsResponse {
    if (lastDecoded?.row === this) return lastDecoded.msg;
    const msg = fromBinary(
      GetEventsResponseSchema,
      new Uint8Array(this.bytes, this.start, this.end - this.start),
    );
    lastDecoded = { row: this, msg };
    return msg;
  }

  /** The row is its own ingest item ({ row, raw }): no wrapper object per event. */
  get row(): EventRow {
    return this;
  }

  /** Encoded size of the event (for diagnostics). */
  get byteLength(): number {
    return this.end - this.start;
  }
}

/** Rebuilds one received batch: rows[i]'s bytes end at ends[i] in `bytes`. */
export function pageRows(
  rows: readonly RowFields[],
  bytes: ArrayBuffer,
  ends: Uint32Array,
  intern: StringInterner,
): PageRow[] {
  const out = new Array<PageRow>(rows.length);
  let start = 0;
  for (let k = 0; k < rows.length; k++) {
    const f = rows[k];
    const end = ends[k] ?? start;
    if (f !== undefined) out[k] = new PageRow(f, intern, bytes, start, end);
    start = end;
  }
  return out;
}
