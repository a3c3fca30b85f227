/**
 * One GetEvents stream in its own process, for the proxy figures: native gRPC over HTTP/2
 * straight to the synthetic agent, or gRPC-Web over HTTP/1.1 through the gateway (the
 * browser's protocol). Every event is checked by bench/load-verify.ts at memcmp cost, with
 * no protobuf decoding, so the client is never the bottleneck it would be with a decoder
 * (~60-100 µs per 1.9 KB event here) and both paths pay the same, small, cost.
 * Usage: node stream-client.js <baseUrl> <grpc|grpc-web> <limit> <timeoutMs>
 *
 * Parent <- child: {type: "open"} once the response headers arrived, then one
 * {type: "result", delivered, events, problem, lastMs, latency} when `limit` events
 * arrived, the stream ended, or `timeoutMs` passed since it opened; then the child exits.
 */
import { grpcGetEvents, grpcWebGetEvents } from "./get-events-request.js";
import { checkables, LatencyHistogram, StreamVerifier } from "./load-verify.js";
import { buildTemplates } from "./synthetic-agent.js";

const [base = "", protocol = "grpc", limitArg = "0", timeoutArg = "10000"] = process.argv.slice(2);
const limit = Number(limitArg);
const url = new URL(base);
const latency = new LatencyHistogram();
const verifier = new StreamVerifier(checkables(buildTemplates()), latency);
let problem: string | undefined;
let finished = false;

const finish = (): void => {
  if (finished) return;
  finished = true;
  const r = verifier.result();
  process.send?.(
    {
      type: "result",
      delivered: r.delivered,
      events: r.events,
      problem: problem ?? r.problem,
      lastMs: r.lastEventMs,
      latency: latency.sparse(),
    },
    () => process.exit(0),
  );
};

const onOpen = (status: number): void => {
  if (status !== 200) problem = `HTTP ${String(status)}`;
  process.send?.({ type: "open" });
  setTimeout(finish, Number(timeoutArg)).unref();
};
const onData = (chunk: Buffer): void => {
  verifier.push(chunk, Date.now());
  if (verifier.result().events >= limit) finish();
};
const onError = (err: Error): void => {
  problem ??= err.message;
  finish();
};

if (protocol === "grpc-web") {
  const request = grpcWebGetEvents(url, "tetragon-dashboard-bench");
  request.on("error", onError);
  request.on("response", (res) => {
    onOpen(res.statusCode ?? 0);
    res.on("data", onData);
    res.on("end", finish);
    res.on("error", onError);
  });
} else {
  const { session, stream } = grpcGetEvents(url);
  session.on("error", onError);
  stream.on("error", onError);
  stream.on("response", (headers) => {
    onOpen(Number(headers[":status"]));
  });
  stream.on("data", onData);
  stream.on("end", finish);
}
