import { create } from "@bufbuild/protobuf";
import { timestampFromMs, timestampMs } from "@bufbuild/protobuf/wkt";
import { describe, expect, test } from "vitest";
import { GetEventsResponseSchema } from "../../src/gen/tetragon/events_pb.js";
import type { ReplayLog } from "./replay.js";
import {
  replayEvents,
  replaySchedule,
  shortenedPauses,
  type ReplayClock,
  type ReplayStreamOptions,
} from "./replay-stream.js";

const T0 = Date.UTC(2022, 0, 19, 16, 29, 1);

/** Events at these offsets from T0 (undefined: no time), named e0, e1, … by node_name. */
function logOf(offsetsMs: (number | undefined)[]): ReplayLog {
  const events = offsetsMs.map((o, i) =>
    create(GetEventsResponseSchema, {
      nodeName: `e${i}`,
      ...(o === undefined ? {} : { time: timestampFromMs(T0 + o) }),
      event: { case: "processExec", value: {} },
    }),
  );
  return { events, timesMs: offsetsMs.map((o) => (o === undefined ? undefined : T0 + o)) };
}

/** Time moves only when the replay sleeps; every sleep is recorded. */
class FakeClock implements ReplayClock {
  t = 1_000;
  wall = Date.UTC(2030, 0, 1);
  sleeps: number[] = [];
  now = () => this.t;
  wallNow = () => this.wall + this.t;
  sleep = async (ms: number, signal: AbortSignal) => {
    this.sleeps.push(ms);
    await Promise.resolve();
    if (signal.aborted) throw new Error("aborted");
    this.t += ms;
  };
}

const options = (o: Partial<ReplayStreamOptions> = {}): ReplayStreamOptions => ({
  pace: { speed: "max" },
  loop: false,
  retime: false,
  maxPauseMs: 5_000,
  ...o,
});

/** Takes `n` events with the fake time at which each was sent. */
async function take(log: ReplayLog, o: ReplayStreamOptions, n: number, clock = new FakeClock()) {
  const controller = new AbortController();
  const passes: number[] = [];
  const it = replayEvents(
    log,
    o,
    () => true,
    controller.signal,
    clock,
    (p) => passes.push(p),
  );
  const sent: { name: string; at: number; time: number | undefined }[] = [];
  for (let i = 0; i < n; i++) {
    const r = await it.next();
    if (r.done) throw new Error("the replay ended");
    sent.push({
      name: r.value.nodeName,
      at: clock.t - 1_000,
      time: r.value.time && timestampMs(r.value.time),
    });
  }
  return { sent, passes, it, controller, clock };
}

describe("replaySchedule", () => {
  const times = [0, 1_000, 1_500, undefined, 4_000, 2_000, 3_000, 60_000].map((o) =>
    o === undefined ? undefined : T0 + o,
  );
  test("speed 1 keeps the file's gaps; no time or a step back is no pause; long pauses capped", () => {
    expect(replaySchedule(times, { speed: 1 }, 5_000)).toEqual([
      0, 1_000, 1_500, 1_500, 4_000, 4_000, 4_000, 9_000,
    ]);
    expect(shortenedPauses(times, 1, 5_000)).toBe(1);
  });
  test("speed 10 divides every gap by ten (the cap applies after dividing)", () => {
    expect(replaySchedule(times, { speed: 10 }, 5_000)).toEqual([
      0, 100, 150, 150, 400, 400, 400, 5_400,
    ]);
    expect(shortenedPauses(times, 10, 5_000)).toBe(1);
    expect(shortenedPauses(times, 100, 5_000)).toBe(0);
  });
  test("max never waits; a fixed rate ignores the file's times", () => {
    expect(replaySchedule(times, { speed: "max" }, 5_000)).toEqual(times.map(() => 0));
    expect(replaySchedule(times.slice(0, 4), { rate: 4 }, 5_000)).toEqual([0, 250, 500, 750]);
  });
});

describe("replayEvents", () => {
  test("the first event goes out at once; then the file's gaps at speed 1", async () => {
    const { sent } = await take(logOf([0, 2_000, 2_500]), options({ pace: { speed: 1 } }), 3);
    expect(sent).toEqual([
      { name: "e0", at: 0, time: T0 },
      { name: "e1", at: 2_000, time: T0 + 2_000 },
      { name: "e2", at: 2_500, time: T0 + 2_500 },
    ]);
  });

  test("speed 10 plays the same file ten times faster, original times kept", async () => {
    const { sent } = await take(logOf([0, 2_000, 2_500]), options({ pace: { speed: 10 } }), 3);
    expect(sent.map((s) => [s.at, s.time])).toEqual([
      [0, T0],
      [200, T0 + 2_000],
      [250, T0 + 2_500],
    ]);
  });

  test("once: after the last event the stream stays open until the client leaves", async () => {
    const { it, passes, controller } = await take(logOf([0, 10, 20]), options(), 3);
    const next = it.next();
    await Promise.resolve();
    // Not ended: the promise is still pending after the pass was reported.
    const state = await Promise.race([next.then(() => "settled"), Promise.resolve("pending")]);
    expect(state).toBe("pending");
    await expect.poll(() => passes).toEqual([1]);
    controller.abort();
    expect(await next).toEqual({ done: true, value: undefined });
  });

  test("loop: the first event follows the last, every pass is counted", async () => {
    const { sent, passes } = await take(logOf([0, 10, 20]), options({ loop: true }), 8);
    expect(sent.map((s) => s.name)).toEqual(["e0", "e1", "e2", "e0", "e1", "e2", "e0", "e1"]);
    expect(passes).toEqual([1, 2]);
  });

  test("loop at a fixed rate keeps the rate across the end of the file", async () => {
    const { sent } = await take(logOf([0, 0]), options({ loop: true, pace: { rate: 4 } }), 4);
    expect(sent.map((s) => s.at)).toEqual([0, 250, 500, 750]);
  });

  test("retime stamps the moment each event is sent", async () => {
    const clock = new FakeClock();
    const { sent } = await take(
      logOf([0, 1_000]),
      options({ retime: true, pace: { speed: 1 } }),
      2,
      clock,
    );
    expect(sent.map((s) => s.time)).toEqual([clock.wall + 1_000, clock.wall + 2_000]);
  });

  test("the client's filter drops events but not their place in time", async () => {
    const clock = new FakeClock();
    const it = replayEvents(
      logOf([0, 1_000, 3_000]),
      options({ pace: { speed: 1 } }),
      (e) => e.nodeName !== "e1",
      new AbortController().signal,
      clock,
      () => {},
    );
    const name = async () => {
      const r = await it.next();
      return r.done ? undefined : r.value.nodeName;
    };
    expect(await name()).toBe("e0");
    expect(await name()).toBe("e2");
    expect(clock.t - 1_000).toBe(3_000);
  });

  test("at max with every event filtered out, a loop still hands the event loop back", async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const passes: number[] = [];
    const it = replayEvents(
      logOf([0, 0, 0]),
      options({ loop: true }),
      () => false,
      controller.signal,
      clock,
      (p) => {
        passes.push(p);
        if (p === 3) controller.abort();
      },
    );
    // Nothing passes the filter: the first next() only returns once the client left.
    expect(await it.next()).toEqual({ done: true, value: undefined });
    expect(passes).toEqual([1, 2, 3]);
    expect(clock.sleeps).toEqual([0, 0, 0]); // one turn after each pass
  });
});
