/**
 * Bundled by the harness (Vite library build, IIFE) and evaluated in a blank page of the
 * bench browser: protobuf-es `fromBinary(GetEventsResponseSchema)` over the same encoded
 * events the synthetic agent sends, in a tight loop. Its rate is the decode ceiling that
 * `ingest.ratio` compares the dashboard against.
 */
import { fromBinary } from "@bufbuild/protobuf";
import { GetEventsResponseSchema } from "../src/gen/tetragon/events_pb.js";

function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Decodes the pool round-robin for `ms` milliseconds; returns events per second. */
function run(b64: string, lengths: readonly number[], ms: number): number {
  const all = fromBase64(b64);
  const views: Uint8Array[] = [];
  let at = 0;
  for (const n of lengths) {
    views.push(all.subarray(at, at + n));
    at += n;
  }
  let count = 0;
  let sink = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (const v of views) {
      sink += fromBinary(GetEventsResponseSchema, v).nodeName.length;
      count++;
    }
    now = performance.now();
  }
  if (sink < 0) throw new Error("unreachable");
  return (count * 1000) / (now - start);
}

(globalThis as unknown as { benchDecode: typeof run }).benchDecode = run;
