/**
 * `agentFilter.bytesRatio`: bytes a browser stream receives from the gateway with a
 * selective agent filter ÷ without one, at the same offered rate and the same number of
 * offered events. The synthetic agent applies the GetEventsRequest's filter with Tetragon's
 * semantics (server/demo/event-filter.ts) and still offers every event (dropped ones take
 * their sequence numbers), exactly as a real agent filters events that exist.
 *
 * The filter: allow pod_regex over a set of pods chosen from the agent's own templates so
 * that at most 10 % of offered events match (the share is measured and reported). Each run
 * opens one gRPC-Web GetEvents over HTTP/1.1 (what the browser's ingest worker sends) through
 * the real gateway, and counts every response byte (frames and trailers) until the events
 * the agent lets through have all arrived. Gateway and agent run in this process: the figure
 * is bytes, not time.
 */
import type { IncomingMessage } from "node:http";
import { create, toBinary } from "@bufbuild/protobuf";
import { RE2JS } from "re2js";
import { startGateway } from "../server/gateway.js";
import {
  GetEventsRequestSchema,
  GetEventsResponseSchema,
  type GetEventsRequest,
} from "../src/gen/tetragon/events_pb.js";
import { fromBinary } from "@bufbuild/protobuf";
import { grpcWebGetEvents } from "./get-events-request.js";
import {
  buildTemplates,
  startSyntheticAgent,
  templateVerdicts,
  type Template,
} from "./synthetic-agent.js";

export interface AgentFilterFigures {
  readonly bytesRatio: number;
  /** Share of offered events the filter lets through. */
  readonly matchShare: number;
  readonly offeredEvents: number;
  readonly rateEventsPerSec: number;
  readonly unfiltered: { readonly events: number; readonly bytes: number };
  readonly filtered: { readonly events: number; readonly bytes: number };
  /** The request, as GetEventsRequest JSON field names. */
  readonly filter: string;
}

function podOf(t: Template): string {
  const res = fromBinary(GetEventsResponseSchema, t.frame.subarray(5));
  const value = res.event.value as { process?: { pod?: { name?: string } } } | undefined;
  return value?.process?.pod?.name ?? "";
}

/** allow pod_regex over the largest pods that together stay at or under `share`. */
export function selectivePodFilter(templates: readonly Template[], share = 0.1): GetEventsRequest {
  const counts = new Map<string, number>();
  for (const t of templates) {
    const pod = podOf(t);
    if (pod !== "") counts.set(pod, (counts.get(pod) ?? 0) + 1);
  }
  const chosen: string[] = [];
  let taken = 0;
  for (const [pod, n] of [...counts].sort((a, b) => b[1] - a[1])) {
    if ((taken + n) / templates.length > share) continue;
    chosen.push(pod);
    taken += n;
  }
  const regex = `^(?:${chosen.map((p) => RE2JS.quote(p)).join("|")})$`;
  return create(GetEventsRequestSchema, { allowList: [{ podRegex: [regex] }] });
}

function frame(message: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + message.length);
  new DataView(out.buffer).setUint32(1, message.length);
  out.set(message, 5);
  return out;
}

/** Opens GetEvents with `body`; resolves with the bytes received once `events` arrived. */
function receive(
  url: URL,
  body: Uint8Array,
  events: number,
  timeoutMs: number,
): Promise<{ events: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const request = grpcWebGetEvents(url, "bench-agent-filter", body);
    let bytes = 0;
    let seen = 0;
    let pending = Buffer.alloc(0);
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error(`agent filter bench: ${String(seen)} of ${String(events)} events arrived`));
    }, timeoutMs);
    request.on("response", (res: IncomingMessage) => {
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= 5 && pending.length >= 5 + pending.readUInt32BE(1)) {
          if ((pending[0]! & 0x80) === 0) seen++;
          pending = pending.subarray(5 + pending.readUInt32BE(1));
        }
        if (seen >= events) {
          clearTimeout(timer);
          request.destroy();
          resolve({ events: seen, bytes });
        }
      });
    });
    request.on("error", (err) => {
      if (seen < events) {
        clearTimeout(timer);
        reject(err);
      }
    });
  });
}

export async function measureAgentFilter(
  offeredEvents: number,
  rateEventsPerSec: number,
): Promise<AgentFilterFigures> {
  const agent = await startSyntheticAgent();
  const gateway = await startGateway({ agents: [agent.address], port: 0, log: () => {} });
  try {
    const templates = buildTemplates();
    const request = selectivePodFilter(templates);
    const verdicts = templateVerdicts(templates, toBinary(GetEventsRequestSchema, request));
    let expected = 0;
    for (let seq = 1; seq <= offeredEvents; seq++) {
      if (verdicts?.[(seq - 1) % templates.length] !== false) expected++;
    }
    // Every stream the agent opens from now on offers exactly `offeredEvents`, paced.
    agent.setRate(rateEventsPerSec, offeredEvents);
    const url = new URL(gateway.url);
    const timeoutMs = 60_000 + (2 * offeredEvents * 1000) / rateEventsPerSec;
    const unfiltered = await receive(url, frame(new Uint8Array(0)), offeredEvents, timeoutMs);
    const filtered = await receive(
      url,
      frame(toBinary(GetEventsRequestSchema, request)),
      expected,
      timeoutMs,
    );
    return {
      bytesRatio: filtered.bytes / unfiltered.bytes,
      matchShare: expected / offeredEvents,
      offeredEvents,
      rateEventsPerSec,
      unfiltered,
      filtered,
      filter: JSON.stringify({ allowList: [{ podRegex: request.allowList[0]?.podRegex }] }),
    };
  } finally {
    await gateway.close();
    await agent.close();
  }
}
