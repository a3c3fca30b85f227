/**
 * Where one ladder step's CPU went, so a failing rung names its bottleneck: the whole
 * machine's busy share (every process: agent, gateway, browser, this harness), the gateway
 * process's CPU time, and the dashboard's two threads — the page's main thread and the ingest
 * worker — from V8's sampling profiler (1 ms interval: light enough not to move the result,
 * fine enough for a 5 s window), with each thread's costliest functions.
 *
 * A thread's share is its profile's non-idle time over the window's wall time: when the
 * machine is saturated it includes time the OS kept the thread waiting for a core (the
 * sampler charges it to what the thread was doing), so read it beside machineBusyPct.
 */
import { cpus } from "node:os";
import type { Page } from "playwright-core";
import { attachToSharedWorker } from "../e2e/cdp-targets.js";
import type { GatewayProcess } from "./stack.js";
import { busyMs, topFunctions } from "./strip-compare.js";

export interface StepCpu {
  cores: number;
  /** Busy share of all the machine's cores over the window, %. */
  machineBusyPct: number;
  /** Each as % of one core over the window. */
  gatewayPct: number;
  pagePct: number;
  workerPct: number;
  /** "function file:line ms" of self time, costliest first. */
  pageTop: string[];
  workerTop: string[];
}

type Profile = Parameters<typeof busyMs>[0];

interface Profiled {
  send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
}

function cpuTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const c of cpus()) {
    const t = c.times;
    busy += t.user + t.nice + t.sys + t.irq;
    total += t.user + t.nice + t.sys + t.irq + t.idle;
  }
  return { busy, total };
}

const pct = (part: number, whole: number): number =>
  whole > 0 ? Math.round((1000 * part) / whole) / 10 : 0;

/** Runs `during` (the step's window) while measuring where the CPU went. */
export async function measureStepCpu<T>(
  page: Page,
  gateway: GatewayProcess,
  during: () => Promise<T>,
): Promise<{ value: T; cpu: StepCpu }> {
  const browser = page.context().browser();
  if (browser === null) throw new Error("bench: the page has no browser to attach to");
  const worker = await attachToSharedWorker(browser, new URL(page.url()).origin);
  const pageCdp = await page.context().newCDPSession(page);
  const targets: Profiled[] = [
    { send: (method, params) => pageCdp.send(method as "Profiler.enable", params) },
    worker,
  ];
  try {
    for (const t of targets) {
      await t.send("Profiler.enable");
      await t.send("Profiler.setSamplingInterval", { interval: 1000 });
      await t.send("Profiler.start");
    }
    const g0 = await gateway.counters();
    const m0 = cpuTimes();
    const t0 = performance.now();
    const value = await during();
    const wallMs = performance.now() - t0;
    const m1 = cpuTimes();
    const g1 = await gateway.counters();
    const profiles: Profile[] = [];
    for (const t of targets) {
      profiles.push(((await t.send("Profiler.stop")) as unknown as { profile: Profile }).profile);
    }
    const [pageProfile, workerProfile] = profiles as [Profile, Profile];
    return {
      value,
      cpu: {
        cores: cpus().length,
        machineBusyPct: pct(m1.busy - m0.busy, m1.total - m0.total),
        gatewayPct: pct((g1.cpuUs - g0.cpuUs) / 1000, wallMs),
        pagePct: pct(busyMs(pageProfile), wallMs),
        workerPct: pct(busyMs(workerProfile), wallMs),
        pageTop: topFunctions(pageProfile, 8),
        workerTop: topFunctions(workerProfile, 8),
      },
    };
  } finally {
    await worker.detach();
    await pageCdp.detach();
  }
}
