/**
 * What the browser holds for the dashboard: for every page and worker target (dedicated,
 * shared and service workers), CDP `Runtime.getHeapUsage` after two
 * `HeapProfiler.collectGarbage`: `usedSize` (the V8 heap) + `backingStorageSize` (ArrayBuffer
 * backing stores and external strings, which usedSize leaves out: a page holding 100 MiB of
 * Uint8Arrays has a usedSize under 1 MB).
 *
 * getHeapUsage reports the whole isolate, and pages that share a renderer process share one
 * isolate (a tab opened with window.open does), so targets are grouped by
 * `Runtime.getIsolateId` and each isolate counts once. A browser-level CDP session's
 * Target.getTargets lists pages, dedicated workers ("worker") and shared workers without
 * auto-attach (bench/memory.test.ts checks all three, and the isolate grouping); each target
 * is attached (non-flat) for one reading and detached again.
 */
import type { Browser, CDPSession } from "playwright-core";
import { sendToTarget, type TargetInfo } from "../e2e/cdp-targets.js";

const MEASURED_TYPES = ["page", "iframe", "worker", "shared_worker", "service_worker"];

export interface TargetMemory {
  type: string;
  url: string;
  isolateId: string;
  /** V8 heap in use (the isolate's, shared with the other targets of the same isolate). */
  usedBytes: number;
  /** ArrayBuffer backing stores and external strings of the isolate. */
  backingStoreBytes: number;
  /** Blink's own garbage-collected heap (DOM); reported, not part of the figure. */
  embedderBytes: number;
}

export interface MemoryReading {
  /** usedBytes + backingStoreBytes, each isolate counted once. */
  totalBytes: number;
  usedBytes: number;
  backingStoreBytes: number;
  isolates: number;
  targets: TargetMemory[];
}

async function readTarget(
  cdp: CDPSession,
  t: TargetInfo,
  collectGarbage: boolean,
): Promise<TargetMemory | undefined> {
  let sessionId: string;
  try {
    ({ sessionId } = await cdp.send("Target.attachToTarget", {
      targetId: t.targetId,
      flatten: false,
    }));
  } catch {
    return undefined; // closed between getTargets and attach: it holds nothing any more
  }
  try {
    if (collectGarbage) {
      await sendToTarget(cdp, sessionId, "HeapProfiler.enable");
      await sendToTarget(cdp, sessionId, "HeapProfiler.collectGarbage");
      await sendToTarget(cdp, sessionId, "HeapProfiler.collectGarbage");
    }
    const usage = await sendToTarget(cdp, sessionId, "Runtime.getHeapUsage");
    const { id } = await sendToTarget(cdp, sessionId, "Runtime.getIsolateId");
    return {
      type: t.type,
      url: t.url,
      isolateId: String(id),
      usedBytes: Number(usage["usedSize"]),
      backingStoreBytes: Number(usage["backingStorageSize"]),
      embedderBytes: Number(usage["embedderHeapUsedSize"]),
    };
  } finally {
    await cdp.send("Target.detachFromTarget", { sessionId }).catch(() => undefined);
  }
}

/**
 * Reads every page and worker target of `browser`. `collectGarbage: false` skips the two
 * full GCs (a cheap reading, e.g. to watch a memory budget while filling).
 */
export async function measureMemory(
  browser: Browser,
  { collectGarbage = true }: { collectGarbage?: boolean } = {},
): Promise<MemoryReading> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = (await cdp.send("Target.getTargets")) as unknown as {
      targetInfos: TargetInfo[];
    };
    const targets: TargetMemory[] = [];
    for (const t of targetInfos.filter((i) => MEASURED_TYPES.includes(i.type))) {
      const reading = await readTarget(cdp, t, collectGarbage);
      if (reading !== undefined) targets.push(reading);
    }
    return summarise(targets);
  } finally {
    await cdp.detach();
  }
}

/** Sums the targets' readings, counting each isolate once. */
export function summarise(targets: TargetMemory[]): MemoryReading {
  const byIsolate = new Map<string, TargetMemory>();
  for (const t of targets) byIsolate.set(t.isolateId, t);
  let usedBytes = 0;
  let backingStoreBytes = 0;
  for (const t of byIsolate.values()) {
    usedBytes += t.usedBytes;
    backingStoreBytes += t.backingStoreBytes;
  }
  return {
    totalBytes: usedBytes + backingStoreBytes,
    usedBytes,
    backingStoreBytes,
    isolates: byIsolate.size,
    targets,
  };
}
