/**
 * Load-test clients in their own process (forked by server/testing/load-stack.ts): each opens
 * one GetEvents stream over its own HTTP/1.1 connection, speaking gRPC-Web as the browser's
 * connect-web transport does (POST, application/grpc-web+proto, one empty request frame),
 * and checks every event by hand with bench/load-verify.ts — no protobuf decoding, so several
 * clients fit in one cheap process.
 *
 * Flow: {start} -> open every stream -> "ready" once all answered 200 -> "progress" every
 * 500 ms (events so far, clients done) -> {finish} -> "result" -> exit. A client is done when
 * it has `limit` good events or has a problem.
 */
import type http from "node:http";
import { create, toBinary } from "@bufbuild/protobuf";
import { GetEventsRequestSchema } from "../src/gen/tetragon/events_pb.js";
import type {
  LoadClientCommand,
  LoadClientMessage,
  LoadClientReport,
} from "../server/testing/load-protocol.js";
import { grpcWebGetEvents } from "./get-events-request.js";
import { checkables, LatencyHistogram, StreamVerifier } from "./load-verify.js";
import { buildTemplates } from "./synthetic-agent.js";

const send = (msg: LoadClientMessage): void => {
  process.send?.(msg);
};

interface Client {
  index: number;
  verifier: StreamVerifier;
  request: http.ClientRequest;
  answered: boolean;
  problem: string | undefined;
}

function open(
  url: URL,
  index: number,
  verifier: StreamVerifier,
  onAnswer: () => void,
  onEnd: () => void,
): Client {
  const request = grpcWebGetEvents(url, "tetragon-dashboard-load-client", requestFrame(index));
  const client: Client = { index, verifier, request, answered: false, problem: undefined };
  request.on("response", (res) => {
    client.answered = true;
    if (res.statusCode !== 200) client.problem = `HTTP ${String(res.statusCode)}`;
    onAnswer();
    res.on("data", (chunk: Buffer) => {
      verifier.push(chunk, Date.now());
    });
    res.on("end", () => {
      verifier.end("the response ended");
      if (verifier.result().problem === undefined) verifier.fail("the response ended early");
      onEnd();
    });
    res.on("error", (err) => {
      client.problem ??= `response error: ${err.message}`;
      onEnd();
    });
  });
  request.on("error", (err) => {
    client.problem ??= `request error: ${err.message}`;
    onEnd();
  });
  return client;
}

/**
 * A GetEventsRequest of this client's own, as one gRPC-Web data frame. Browser streams with
 * the same request share one upstream stream in the gateway (and would miss the events sent
 * before they joined), so each client asks with a distinct filter — one the synthetic agent
 * ignores — and the load stays one upstream stream relayed per client, as before sharing.
 */
function requestFrame(index: number): Buffer {
  const message = toBinary(
    GetEventsRequestSchema,
    create(GetEventsRequestSchema, {
      denyList: [{ binaryRegex: [`^load-client-${String(index)}$`] }],
    }),
  );
  const frame = Buffer.alloc(5 + message.byteLength);
  frame.writeUInt32BE(message.byteLength, 1);
  frame.set(message, 5);
  return frame;
}

function start(cmd: Extract<LoadClientCommand, { op: "start" }>): void {
  const pool = checkables(buildTemplates());
  const latency = new LatencyHistogram();
  const url = new URL(cmd.url);
  const clients: Client[] = [];
  let answered = 0;
  let finished = false;
  const isDone = (c: Client): boolean => {
    const r = c.verifier.result();
    return r.delivered >= cmd.limit || r.problem !== undefined || c.problem !== undefined;
  };
  const progress = (): void => {
    send({
      type: "progress",
      delivered: clients.reduce((n, c) => n + c.verifier.result().delivered, 0),
      done: clients.filter(isDone).length,
    });
  };
  for (let i = 0; i < cmd.clients; i++) {
    const verifier = new StreamVerifier(pool, latency);
    clients.push(
      open(
        url,
        cmd.firstClient + i,
        verifier,
        () => {
          if (++answered === cmd.clients) send({ type: "ready" });
        },
        () => {
          if (!finished) progress();
        },
      ),
    );
  }
  const timer = setInterval(progress, 500);
  process.on("message", (raw) => {
    if ((raw as LoadClientCommand).op !== "finish") return;
    finished = true;
    clearInterval(timer);
    const reports: LoadClientReport[] = clients.map((c) => {
      const r = c.verifier.result();
      return {
        client: c.index,
        delivered: r.delivered,
        frames: r.frames,
        problem: c.problem ?? r.problem ?? (c.answered ? undefined : "no response"),
        lastMs: r.lastMs,
      };
    });
    send({ type: "result", clients: reports, latency: latency.sparse() });
    for (const c of clients) c.request.destroy();
    // Exit once the report is flushed over IPC.
    process.disconnect();
  });
}

process.once("message", (raw) => {
  const cmd = raw as LoadClientCommand;
  if (cmd.op === "start") start(cmd);
});
process.on("disconnect", () => process.exit(0));
