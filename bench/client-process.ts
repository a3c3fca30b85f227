/**
 * A decoding node gRPC client in its own process, for the cluster-mode figure
 * (bench/kube-bench.ts: its events are real Tetragon events, not the synthetic agent's, so
 * the byte-checking bench/stream-client.ts does not apply): opens GetEvents on `url` (the agent directly, or
 * the gateway), counts events for `seconds` after `warmSeconds`, and prints one JSON line:
 * {events, seconds, perSec, latencies: {p50, p99}} where latency = receive time minus the
 * send time the synthetic agent stamped into `time`.
 * Usage: node client-process.js <baseUrl> <warmSeconds> <seconds> [grpc|grpc-web]
 *
 * The agent only speaks native gRPC; through the gateway we use gRPC-Web over HTTP/1.1,
 * the protocol the dashboard (and any browser client) uses.
 */
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { FineGuidanceSensors } from "../src/gen/tetragon/sensors_pb.js";

const [url = "", warmArg = "0.5", secondsArg = "3", protocol = "grpc"] = process.argv.slice(2);
const warmMs = Number(warmArg) * 1000;
const measureMs = Number(secondsArg) * 1000;
const transport =
  protocol === "grpc-web"
    ? createGrpcWebTransport({ baseUrl: url, httpVersion: "1.1" })
    : createGrpcTransport({ baseUrl: url });
const client = createClient(FineGuidanceSensors, transport);
const abort = new AbortController();
const lat: number[] = [];
let events = 0;
let t0 = 0;
let t1 = 0;
const opened = performance.now();
setTimeout(
  () => {
    abort.abort();
  },
  warmMs + measureMs + 500,
).unref();
try {
  for await (const res of client.getEvents({}, { signal: abort.signal })) {
    if (res.event.case === "rateLimitInfo") continue;
    const now = performance.now();
    if (now - opened < warmMs) continue;
    if (t0 === 0) t0 = now;
    if (now - t0 > measureMs) break;
    t1 = now;
    events++;
    if (res.time !== undefined) lat.push(Date.now() - timestampMs(res.time));
  }
} catch {
  // aborted at the end of the window
}
abort.abort();
lat.sort((a, b) => a - b);
const q = (p: number): number => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN;
const seconds = (t1 - t0) / 1000;
process.stdout.write(
  `${JSON.stringify({ events, seconds, perSec: events / Math.max(seconds, 1e-9), p50: q(0.5), p99: q(0.99) })}\n`,
);
process.exit(0);
