/**
 * The sustained-ingest ladder: offered rates in turn, each held for a window on the one open
 * dashboard tab, stopping at the first that fails. A step passes when every event the agent
 * sent was received (within a 2 s grace), none was skipped or restarted (pid sequence), the
 * table kept updating, and the main thread's lag p95 stayed under 50 ms.
 *
 * Every step also says where events went, from the agent to the tab (`loss`): the agent's
 * sent count; the gateway's counters (read from the agent, dropped for a slow reader, still
 * queued); the tab's counters from the app's bench hook (received, held back by the ingest
 * worker because the tab was behind, drops reported by rate_limit_info, pid gaps).
 */
import type { Page } from "playwright-core";
import { readPage, takeSamples, type PageReading } from "./page-probe.js";
import { percentile } from "./stats.js";
import type { AgentProcess, GatewayCounters, GatewayProcess } from "./stack.js";
import { measureStepCpu, type StepCpu } from "./step-cpu.js";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const round1 = (n: number): number => Math.round(n * 10) / 10;

export interface LossBreakdown {
  agentSent: number;
  /** Sent by the agent, not read by the gateway. */
  notReadByGateway: number;
  gatewayRead: number;
  /** Dropped for a reader (the ingest worker's stream) that fell behind. */
  gatewayDropped: number;
  gatewayQueued: number;
  /** Read − dropped − queued: written towards the ingest worker. */
  gatewayRelayed: number;
  /**
   * Events the ingest worker took from the stream: delivered to the tab plus held back from
   * it (main's tab cannot see the worker's own count; when the worker owns the events, the
   * tab's `received` is the worker's and nothing is held back).
   */
  workerReceived: number;
  /** Events the tab received (rate_limit_info notices not counted). */
  tabReceived: number;
  /** Of those, received after the 2 s grace (a failed step waits until the tab's counts
   * stand still for 3 s, at most 15 s more, before reading where events went). */
  tabReceivedLate: number;
  /**
   * The worker's `lost` notices for this tab. On main a notice adds the held-back rows and
   * the drop counts their rate_limit_info rows carried (also in gatewayDropped), so the two
   * overlap by those counts when both happen.
   */
  tabDroppedBehind: number;
  /** Drop counts of the rate_limit_info events the tab received. */
  tabDroppedReported: number;
  /** Sequence numbers the tab never saw, plus restarts. */
  tabMissing: number;
  /** sent − received − gateway dropped − held back − not read − queued: still in flight, or lost unseen. */
  unaccounted: number;
}

export interface Step {
  rate: number;
  sent: number;
  received: number;
  missing: number;
  dropped: number;
  lagP95Ms: number;
  frameP95Ms: number;
  longTasks: number;
  maxLongTaskMs: number;
  tableUpdated: boolean;
  pass: boolean;
  loss: LossBreakdown;
  /** Where the CPU went during the window (step-cpu.ts). */
  cpu: StepCpu;
}

export interface LadderContext {
  page: Page;
  agent: AgentProcess;
  gateway: GatewayProcess;
  windowMs: number;
  log: (line: string) => void;
}

const eventsReceived = (p: PageReading): number => p.received - p.dropNotices;

/** Waits until the tab has received the events the agent sent since `sentBase` (or `graceMs`). */
export async function catchUp(
  page: Page,
  agent: AgentProcess,
  receivedBase: number,
  sentBase: number,
  graceMs: number,
): Promise<void> {
  const until = Date.now() + graceMs;
  const sent = await agent.sent();
  while (Date.now() < until) {
    const r = await readPage(page);
    if (eventsReceived(r) - receivedBase >= sent - sentBase) return;
    await sleep(100);
  }
}

function breakdown(
  sent: number,
  g0: GatewayCounters,
  g1: GatewayCounters,
  p0: PageReading,
  atGrace: PageReading,
  settled: PageReading,
): LossBreakdown {
  const gatewayRead = g1.readFromAgent - g0.readFromAgent;
  const gatewayDropped = g1.dropped - g0.dropped;
  const tabReceived = eventsReceived(settled) - eventsReceived(p0);
  const tabDroppedBehind = settled.droppedBehind - p0.droppedBehind;
  const notReadByGateway = sent - gatewayRead;
  return {
    agentSent: sent,
    notReadByGateway,
    gatewayRead,
    gatewayDropped,
    gatewayQueued: g1.queued,
    gatewayRelayed: gatewayRead - gatewayDropped - g1.queued,
    workerReceived: tabReceived + tabDroppedBehind,
    tabReceived,
    tabReceivedLate: eventsReceived(settled) - eventsReceived(atGrace),
    tabDroppedBehind,
    tabDroppedReported: settled.droppedReported - p0.droppedReported,
    tabMissing: settled.missing - p0.missing + (settled.resets - p0.resets),
    unaccounted:
      sent - tabReceived - gatewayDropped - tabDroppedBehind - notReadByGateway - g1.queued,
  };
}

/** "15,000/s: 36,786 of 75,362 received; gateway dropped ..., ..." */
export function describeLoss(rate: number, l: LossBreakdown): string {
  const n = (x: number): string => x.toLocaleString("en-US");
  return (
    `${n(rate)}/s: ${n(l.tabReceived)} of ${n(l.agentSent)} received ` +
    `(${n(l.tabReceivedLate)} of them after the 2 s grace); ` +
    `gateway dropped ${n(l.gatewayDropped)} (its reader, the ingest worker's stream, fell behind); ` +
    `worker received ${n(l.workerReceived)} and held back ${n(l.tabDroppedBehind)} from the tab (tab behind); ` +
    `${n(l.notReadByGateway)} not read from the agent; ${n(l.gatewayQueued)} queued in the gateway; ` +
    `${n(l.unaccounted)} unaccounted (in flight, or lost where nothing counts)`
  );
}

/**
 * Reads the tab until its counts have not moved for 3 s (at most `maxMs`): a starved tab
 * can sit still for over a second and then take thousands of events at once.
 */
async function settle(page: Page, maxMs: number): Promise<PageReading> {
  const until = Date.now() + maxMs;
  let last = await readPage(page);
  let stillSince = Date.now();
  while (Date.now() < until && Date.now() - stillSince < 3000) {
    await sleep(200);
    const now = await readPage(page);
    const moved =
      now.received !== last.received ||
      now.droppedBehind !== last.droppedBehind ||
      now.droppedReported !== last.droppedReported;
    if (moved) stillSince = Date.now();
    last = now;
  }
  return last;
}

export async function sustainStep(ctx: LadderContext, rate: number): Promise<Step> {
  const { page, agent, gateway, windowMs } = ctx;
  await agent.setRate(0);
  await catchUp(page, agent, 0, 0, 3000);
  const base = await readPage(page);
  const sentBase = await agent.sent();
  const g0 = await gateway.counters();
  await takeSamples(page);
  const {
    value: { early, sentEnd, late },
    cpu,
  } = await measureStepCpu(page, gateway, async () => {
    await agent.setRate(rate);
    const earlyMs = Math.min(1000, windowMs / 4);
    await sleep(earlyMs);
    const early = await readPage(page);
    await sleep(windowMs - earlyMs);
    const sentEnd = await agent.setRate(0);
    const late = await readPage(page);
    return { early, sentEnd, late };
  });
  const samples = await takeSamples(page);
  await catchUp(page, agent, eventsReceived(base), sentBase, 2000);
  const atGrace = await readPage(page);
  const sent = sentEnd - sentBase;
  const receivedAtGrace = eventsReceived(atGrace) - eventsReceived(base);
  // Where the rest went: let what is still in flight land before reading the counters.
  const settled = receivedAtGrace === sent ? atGrace : await settle(page, 15_000);
  const g1 = await gateway.counters();
  const loss = breakdown(sent, g0, g1, base, atGrace, settled);
  const lagP95Ms = percentile(samples.lags, 0.95);
  const tableUpdated =
    late.lastRowSeq !== early.lastRowSeq && late.receivedText !== early.receivedText;
  const step: Step = {
    rate,
    sent,
    received: receivedAtGrace,
    missing: atGrace.missing - base.missing + (atGrace.resets - base.resets),
    dropped: loss.gatewayDropped,
    lagP95Ms: round1(lagP95Ms),
    frameP95Ms: round1(percentile(samples.frames, 0.95)),
    longTasks: samples.longTasks.length,
    maxLongTaskMs: round1(Math.max(0, ...samples.longTasks)),
    tableUpdated,
    pass:
      sent > 0 &&
      receivedAtGrace === sent &&
      loss.tabMissing === 0 &&
      loss.gatewayDropped === 0 &&
      loss.tabDroppedBehind === 0 &&
      lagP95Ms < 50 &&
      tableUpdated,
    loss,
    cpu,
  };
  ctx.log(`rate ${String(rate)}: ${JSON.stringify(step)}`);
  return step;
}

export interface LadderResult {
  sustained: number;
  steps: Step[];
  /** The first failing step's loss, in words (undefined when every rate passed). */
  firstFailure: { rate: number; summary: string; loss: LossBreakdown } | undefined;
}

export async function runLadder(
  ctx: LadderContext,
  rates: readonly number[],
): Promise<LadderResult> {
  const steps: Step[] = [];
  let sustained = 0;
  for (const rate of rates) {
    const step = await sustainStep(ctx, rate);
    steps.push(step);
    if (!step.pass) {
      return {
        sustained,
        steps,
        firstFailure: { rate, summary: describeLoss(rate, step.loss), loss: step.loss },
      };
    }
    sustained = rate;
  }
  return { sustained, steps, firstFailure: undefined };
}
