/**
 * JS heap in use across every target that can hold events: the dashboard page(s) and the
 * shared / dedicated workers. Uses a browser-level CDP session: Target.getTargets, then for
 * each page or worker target attachToTarget (non-flat) and, through sendMessageToTarget,
 * HeapProfiler.collectGarbage followed by Runtime.getHeapUsage.
 */
import type { Browser } from "playwright-core";
import { sendToTarget, type TargetInfo } from "../e2e/cdp-targets.js";

export interface HeapReading {
  totalBytes: number;
  byTarget: { type: string; url: string; usedBytes: number }[];
}

/** Garbage-collects, then sums used JS heap over page and worker targets matching `urlPart`. */
export async function measureHeaps(browser: Browser, urlPart: string): Promise<HeapReading> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = (await cdp.send("Target.getTargets")) as unknown as {
      targetInfos: TargetInfo[];
    };
    const wanted = targetInfos.filter(
      (t) =>
        ["page", "shared_worker", "worker", "service_worker"].includes(t.type) &&
        t.url.includes(urlPart),
    );
    const byTarget: HeapReading["byTarget"] = [];
    for (const t of wanted) {
      const { sessionId } = await cdp.send("Target.attachToTarget", {
        targetId: t.targetId,
        flatten: false,
      });
      try {
        await sendToTarget(cdp, sessionId, "HeapProfiler.enable");
        await sendToTarget(cdp, sessionId, "HeapProfiler.collectGarbage");
        await sendToTarget(cdp, sessionId, "HeapProfiler.collectGarbage");
        const usage = await sendToTarget(cdp, sessionId, "Runtime.getHeapUsage");
        byTarget.push({ type: t.type, url: t.url, usedBytes: Number(usage["usedSize"]) });
      } finally {
        await cdp.send("Target.detachFromTarget", { sessionId }).catch(() => undefined);
      }
    }
    return { totalBytes: byTarget.reduce((n, t) => n + t.usedBytes, 0), byTarget };
  } finally {
    await cdp.detach();
  }
}
