/**
 * Backpressure: one gRPC-Web client over raw HTTP/1.1 stops reading (its response socket is
 * paused) while the agent pushes 5,000 events/s (3 s here; 60 s under SOAK=1). The gateway
 * keeps reading the agent, holds at most `queueCapacity` events for that client, drops the
 * oldest beyond that and, once the client reads again, tells it with `rate_limit_info`
 * events: received + reported-dropped == sent, exactly. Heap (after forced GC) stays flat.
 */
import http from "node:http";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { fromBinary } from "@bufbuild/protobuf";
import { afterEach, describe, expect, it } from "vitest";
import {
  type GetEventsResponse,
  GetEventsResponseSchema,
} from "../../src/gen/tetragon/events_pb.js";
import { startGateway } from "../gateway.js";
import { queueCapacity } from "../routes/get-events.js";
import { startFakeAgent } from "../testing/fake-agent.js";
import { execEvent, waitFor } from "../testing/fixtures.js";
import { cleanupStack, recordFigure, seqOf, soak } from "../testing/reliability.js";

const cleanup = cleanupStack();
afterEach(() => cleanup.run());

const perSecond = 5_000;
const seconds = soak ? 60 : 3;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const heapMb = (): number => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

/** gRPC-Web frames from a byte stream: data frames (flag 0) and the trailer frame (0x80). */
function frameReader(onMessage: (bytes: Uint8Array) => void): (chunk: Buffer) => void {
  let buffered = Buffer.alloc(0);
  return (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 5) {
      const length = buffered.readUInt32BE(1);
      if (buffered.length < 5 + length) return;
      if (buffered.readUInt8(0) === 0) onMessage(buffered.subarray(5, 5 + length));
      buffered = buffered.subarray(5 + length);
    }
  };
}

/** ~1 KiB per event, so a stalled reader outgrows the kernel's socket buffers quickly. */
const padding = "--verbose ".repeat(100);
function bulky(seq: number): GetEventsResponse {
  const e = execEvent("busy-node", "/bin/busy", seq);
  if (e.event.case === "processExec" && e.event.value.process !== undefined)
    e.event.value.process.arguments = padding;
  return e;
}

describe("slow client", () => {
  it(
    `a stalled reader at ${String(perSecond)} events/s for ${String(seconds)} s: bounded queue, drops counted and reported`,
    async () => {
      const total = perSecond * seconds;
      const agent = await startFakeAgent({
        paced: { perSecond, total, make: (seq) => bulky(seq) },
      });
      cleanup.push(() => agent.close());
      const gateway = await startGateway({
        agents: [agent.address],
        port: 0,
        staticDir: "/nonexistent",
        log: () => undefined,
      });
      cleanup.push(() => gateway.close());
      const heapBefore = heapMb();

      let exec = 0;
      let lastSeq = -1;
      let outOfOrder = 0;
      let reportedDropped = 0n;
      const onChunk = frameReader((bytes) => {
        const res = fromBinary(GetEventsResponseSchema, bytes);
        if (res.event.case === "rateLimitInfo") {
          expect(res.nodeName).toBe("busy-node");
          expect(res.time).toBeDefined();
          reportedDropped += res.event.value.numberOfDroppedProcessEvents;
          return;
        }
        const seq = seqOf(res) ?? -1;
        if (seq <= lastSeq) outOfOrder++;
        lastSeq = seq;
        exec++;
      });
      const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
        const req = http.request(
          `${gateway.url}tetragon.FineGuidanceSensors/GetEvents`,
          {
            method: "POST",
            headers: { "content-type": "application/grpc-web+proto", "x-grpc-web": "1" },
          },
          resolve,
        );
        req.on("error", reject);
        req.end(Buffer.alloc(5)); // one empty GetEventsRequest frame
      });
      cleanup.push(async () => {
        response.destroy();
        await Promise.resolve();
      });
      response.on("data", onChunk);
      response.pause(); // the stall: nothing is read from the socket any more

      let maxQueued = 0;
      const heapSamples: number[] = [];
      const sampler = setInterval(() => {
        maxQueued = Math.max(maxQueued, gateway.queuedEvents());
      }, 20);
      cleanup.push(async () => {
        clearInterval(sampler);
        await Promise.resolve();
      });
      // The stall lasts until the agent has sent everything (paced: about `seconds` s, longer
      // on a slower machine); the heap is sampled meanwhile, at least once.
      do {
        await new Promise((r) => setTimeout(r, Math.min(1000, seconds * 300)));
        heapSamples.push(heapMb());
      } while (agent.pacedSent() < total);
      clearInterval(sampler);
      expect(maxQueued).toBeLessThanOrEqual(queueCapacity);
      const heapStalled = heapMb();

      response.resume();
      await waitFor(
        () => BigInt(exec) + reportedDropped === BigInt(total),
        "received + reported drops to account for every event",
        30_000,
      );
      expect(outOfOrder).toBe(0);
      expect(reportedDropped).toBe(BigInt(gateway.droppedEvents()));
      // By construction, not by speed: ~15 MB were sent into a reader that takes nothing, and
      // the queue (2,048 events) plus the loopback socket buffers hold far less (~6 MB here).
      expect(reportedDropped).toBeGreaterThan(0n);
      // Flat: what a stalled client costs does not grow with the events it misses.
      const heapGrowth = Math.max(...heapSamples) - Math.min(...heapSamples);
      expect(heapGrowth).toBeLessThan(32);
      recordFigure("slow-client", {
        perSecond,
        seconds,
        sent: total,
        received: exec,
        dropped: Number(reportedDropped),
        maxQueued,
        heapBeforeMb: Number(heapBefore.toFixed(1)),
        heapStalledMb: Number(heapStalled.toFixed(1)),
        heapSpreadWhileStalledMb: Number(heapGrowth.toFixed(1)),
      });
    },
    // Hang guards, well above what this 2-core machine needs (5-14 s here, ~70 s soaked).
    (soak ? 600 : 120) * 1000,
  );
});
