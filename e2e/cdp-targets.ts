/**
 * Talking to a page's workers over CDP, for the e2e suite and the benchmark (bench/heap.ts):
 * Playwright's CDPSession reaches a page, not its SharedWorker, so a browser-level session
 * attaches to the worker target (non-flat) and exchanges messages through
 * Target.sendMessageToTarget / Target.receivedMessageFromTarget.
 */
import type { Browser, CDPSession } from "playwright-core";

export interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

/** Calls `method` in the attached target `sessionId`; rejects on a CDP error. */
export async function sendToTarget(
  cdp: CDPSession,
  sessionId: string,
  method: string,
  params: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const id = Math.floor(Math.random() * 1e9);
  const reply = new Promise<Record<string, unknown>>((resolve, reject) => {
    // A hang guard, not a timing assumption: a target that went away never answers.
    const timer = setTimeout(() => {
      reject(new Error(`CDP ${method} got no answer in 30 s`));
    }, 30_000);
    const onMessage = (e: { sessionId: string; message: string }): void => {
      if (e.sessionId !== sessionId) return;
      const msg = JSON.parse(e.message) as {
        id?: number;
        result?: Record<string, unknown>;
        error?: unknown;
      };
      if (msg.id !== id) return;
      clearTimeout(timer);
      cdp.off("Target.receivedMessageFromTarget", onMessage);
      if (msg.error !== undefined) reject(new Error(JSON.stringify(msg.error)));
      else resolve(msg.result ?? {});
    };
    cdp.on("Target.receivedMessageFromTarget", onMessage);
  });
  await cdp.send("Target.sendMessageToTarget", {
    sessionId,
    message: JSON.stringify({ id, method, params }),
  });
  return reply;
}

export interface WorkerSession {
  /** Evaluates `expression` in the worker's global scope and returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
  /** Any CDP method in the worker (e.g. the Profiler domain, for the benchmark). */
  send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  detach(): Promise<void>;
}

/**
 * Attaches to the SharedWorker whose script URL starts with `origin`. Works while the page's
 * own main thread is paused in the debugger: the worker runs on its own thread.
 */
export async function attachToSharedWorker(
  browser: Browser,
  origin: string,
): Promise<WorkerSession> {
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = (await cdp.send("Target.getTargets")) as unknown as {
    targetInfos: TargetInfo[];
  };
  const workers = targetInfos.filter((t) => t.type === "shared_worker" && t.url.startsWith(origin));
  if (workers.length !== 1) {
    await cdp.detach();
    throw new Error(`expected one shared worker from ${origin}, found ${String(workers.length)}`);
  }
  const { sessionId } = await cdp.send("Target.attachToTarget", {
    targetId: workers[0]!.targetId,
    flatten: false,
  });
  return {
    async evaluate<T>(expression: string): Promise<T> {
      const reply = await sendToTarget(cdp, sessionId, "Runtime.evaluate", {
        expression,
        returnByValue: true,
      });
      if (reply["exceptionDetails"] !== undefined)
        throw new Error(`${expression} threw: ${JSON.stringify(reply["exceptionDetails"])}`);
      return (reply["result"] as { value: T }).value;
    },
    send: (method, params = {}) => sendToTarget(cdp, sessionId, method, params),
    async detach() {
      await cdp.send("Target.detachFromTarget", { sessionId }).catch(() => undefined);
      await cdp.detach();
    },
  };
}
