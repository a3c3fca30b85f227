/**
 * GetEvents streams in one process, for the proxy figures: native gRPC over HTTP/2 straight
 * to the synthetic agent and/or gRPC-Web over HTTP/1.1 through the gateway (the browser's
 * protocol), read side by side. Every event is checked by bench/load-verify.ts at memcmp
 * cost, with no protobuf decoding, so the client is never the bottleneck a decoder would be
 * (~60-100 µs per 1.9 KB event here) and every stream pays the same small cost.
 *
 * One process for both paths on purpose: the agent stamps each event's send time, and the
 * same event (same sequence number) reaches both streams; a stall of the agent or of this
 * process delays both alike, so the per-event difference (gateway − direct) is what the
 * gateway adds, even on a loaded machine where either latency alone is mostly scheduling.
 *
 * Usage: node stream-client.js <limit> <timeoutMs> <baseUrl> <grpc|grpc-web> [<baseUrl> <proto>]...
 * Parent <- child: {type: "open"} once every stream has its response headers, then one
 * {type: "result", streams: [...]} when every stream has `limit` events, or ended, or the
 * parent sent {op: "finish"} (a stream that lost events never reaches `limit`), or
 * `timeoutMs` passed since they opened; then the child exits. Per stream: events (event
 * frames, in order or not), delivered (in order and byte-identical before any problem),
 * problem, lastMs (Date.now() of the last event frame) and latencies (ms, per delivered
 * event in sequence order).
 */
import { grpcGetEvents, grpcWebGetEvents } from "./get-events-request.js";
import { checkables, StreamVerifier } from "./load-verify.js";
import { buildTemplates } from "./synthetic-agent.js";

const [limitArg = "0", timeoutArg = "10000", ...targets] = process.argv.slice(2);
const limit = Number(limitArg);
const pool = checkables(buildTemplates());

interface Stream {
  verifier: StreamVerifier;
  latencies: number[];
  problem: string | undefined;
  opened: boolean;
  ended: boolean;
}

const streams: Stream[] = [];
let finished = false;

const finish = (): void => {
  if (finished) return;
  finished = true;
  const report = streams.map((s) => {
    const r = s.verifier.result();
    return {
      delivered: r.delivered,
      events: r.events,
      problem: s.problem ?? r.problem,
      lastMs: r.lastEventMs,
      latencies: s.latencies,
    };
  });
  const cpu = process.cpuUsage();
  process.send?.({ type: "result", streams: report, cpuUs: cpu.user + cpu.system }, () =>
    process.exit(0),
  );
};
const settled = (s: Stream): boolean =>
  s.ended || s.problem !== undefined || s.verifier.result().events >= limit;
const check = (): void => {
  if (streams.every(settled)) finish();
};

function open(url: URL, protocol: string): void {
  const latencies: number[] = [];
  const s: Stream = {
    verifier: new StreamVerifier(pool, { add: (ms) => latencies.push(ms) }),
    latencies,
    problem: undefined,
    opened: false,
    ended: false,
  };
  streams.push(s);
  const onOpen = (status: number): void => {
    if (status !== 200) s.problem ??= `HTTP ${String(status)}`;
    s.opened = true;
    if (streams.every((x) => x.opened)) {
      process.send?.({ type: "open" });
      setTimeout(finish, Number(timeoutArg)).unref();
    }
  };
  const onData = (chunk: Buffer): void => {
    s.verifier.push(chunk, Date.now());
    if (s.verifier.result().events >= limit) check();
  };
  const onEnd = (): void => {
    s.ended = true;
    check();
  };
  const onError = (err: Error): void => {
    s.problem ??= err.message;
    if (!s.opened) onOpen(0);
    onEnd();
  };
  if (protocol === "grpc-web") {
    const request = grpcWebGetEvents(url, "tetragon-dashboard-bench");
    request.on("error", onError);
    request.on("response", (res) => {
      onOpen(res.statusCode ?? 0);
      res.on("data", onData);
      res.on("end", onEnd);
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
    stream.on("end", onEnd);
  }
}

process.on("message", (msg) => {
  if ((msg as { op?: string }).op === "finish") finish();
});
process.on("disconnect", finish);
for (let i = 0; i + 1 < targets.length; i += 2)
  open(new URL(targets[i] ?? ""), targets[i + 1] ?? "");
