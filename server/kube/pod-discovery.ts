/**
 * Finds the Tetragon agent pods and follows them: list, then watch from the list's
 * resourceVersion, for pods in one namespace matching one label selector.
 *
 * Data flow: list → `pods` (by uid) reconciled → `onUpsert` / `onRemove` for every change;
 * watch events → the same. The consumer (cluster-agents.ts) keeps one supervisor per uid, so
 * a re-list after 410 Gone, a watch resumed after the API server restarts, or the same event
 * seen twice never duplicates or drops a supervisor: reconcile compares with `pods`.
 *
 * Watch lifetime: a watch ends routinely (server `timeoutSeconds`, client-node's 30 s
 * inactivity abort, a load balancer): it is resumed at once from the last resourceVersion.
 * 410 Gone (as an ERROR event or an HTTP status) means that version is compacted away:
 * re-list. Any other failure (network, 401, 403, 5xx) retries with backoff and is reported
 * through `onState` as one actionable line; the next success clears it.
 */
import { CoreV1Api, type KubeConfig, type V1Pod, Watch } from "@kubernetes/client-node";
import { type BackoffConfig, defaultBackoff, nextRetry } from "../upstream/backoff.js";
import { type AgentPod, agentPodOf } from "./agent-pod.js";
import { describeKubeFailure, httpFailure, type KubeContext } from "./kube-errors.js";
import type { KubeAction } from "./permissions.js";

export interface DiscoveryClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): () => void;
}

export const realClock: DiscoveryClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    return () => {
      clearTimeout(t);
    };
  },
};

export interface DiscoveryState {
  /** "" while discovery works; else why it does not (one actionable line). */
  problem: string;
  /** A list has succeeded at least once. */
  listed: boolean;
}

export interface PodDiscoveryOptions {
  kc: KubeConfig;
  context: KubeContext;
  selector: string;
  onUpsert: (pod: AgentPod) => void;
  onRemove: (pod: AgentPod) => void;
  onState: (state: DiscoveryState) => void;
  log: (line: string) => void;
  clock?: DiscoveryClock;
  backoff?: BackoffConfig;
  /** Server-side watch timeout, seconds (the API server ends the watch; we resume). */
  watchTimeoutSeconds?: number;
}

export class PodDiscovery {
  private readonly pods = new Map<string, AgentPod>();
  private readonly api: CoreV1Api;
  private readonly watcher: Watch;
  private readonly clock: DiscoveryClock;
  private resourceVersion = "";
  private watchAbort: AbortController | undefined;
  private cancelTimer: (() => void) | undefined;
  private closed = false;
  private failures = 0;
  private troubleSince = 0;
  private state: DiscoveryState = { problem: "", listed: false };
  /** Watches started, lists done (for tests and the log). */
  readonly counts = { lists: 0, watches: 0, gone: 0 };

  constructor(private readonly opts: PodDiscoveryOptions) {
    this.api = opts.kc.makeApiClient(CoreV1Api);
    this.watcher = new Watch(opts.kc);
    this.clock = opts.clock ?? realClock;
  }

  start(): void {
    void this.list();
  }

  close(): void {
    this.closed = true;
    this.cancelTimer?.();
    this.watchAbort?.abort();
  }

  /** A method, not a field read, because close() may run while list() awaits. */
  private isClosed(): boolean {
    return this.closed;
  }

  snapshot(): AgentPod[] {
    return [...this.pods.values()];
  }

  private async list(): Promise<void> {
    if (this.closed) return;
    let items: V1Pod[];
    try {
      const list = await this.api.listNamespacedPod({
        namespace: this.opts.context.namespace,
        labelSelector: this.opts.selector,
      });
      items = list.items;
      this.resourceVersion = list.metadata?.resourceVersion ?? "";
    } catch (err) {
      this.retry(err, "listPods", () => void this.list());
      return;
    }
    if (this.isClosed()) return;
    this.counts.lists++;
    this.reconcile(items);
    this.succeeded(true);
    this.watch();
  }

  /** Applies a full list: upserts every listed pod, removes the ones no longer there. */
  private reconcile(items: V1Pod[]): void {
    const seen = new Set<string>();
    for (const item of items) {
      const pod = agentPodOf(item);
      if (pod === undefined) continue;
      seen.add(pod.uid);
      this.upsert(pod);
    }
    for (const [uid, pod] of [...this.pods]) {
      if (!seen.has(uid)) {
        this.pods.delete(uid);
        this.opts.onRemove(pod);
      }
    }
  }

  private upsert(pod: AgentPod): void {
    this.pods.set(pod.uid, pod);
    this.opts.onUpsert(pod);
  }

  private watch(): void {
    if (this.closed) return;
    const controller = new AbortController();
    this.watchAbort = controller;
    let gone = false;
    let delivered = false;
    this.counts.watches++;
    const path = `/api/v1/namespaces/${encodeURIComponent(this.opts.context.namespace)}/pods`;
    const onEvent = (type: string, object: unknown): void => {
      if (controller.signal.aborted) return;
      delivered = true;
      if (type === "ERROR") {
        if (httpFailure(object)?.status === 410 || (object as { code?: unknown }).code === 410)
          gone = true;
        return;
      }
      const item = object as V1Pod;
      const rv = item.metadata?.resourceVersion;
      if (rv !== undefined) this.resourceVersion = rv;
      if (type === "BOOKMARK") return;
      const pod = agentPodOf(item);
      if (pod === undefined) return;
      if (type === "DELETED") {
        const known = this.pods.get(pod.uid);
        this.pods.delete(pod.uid);
        if (known !== undefined) this.opts.onRemove(pod);
      } else if (type === "ADDED" || type === "MODIFIED") this.upsert(pod);
    };
    const onDone = (err: unknown): void => {
      if (this.closed || this.watchAbort !== controller) return;
      if (gone || httpFailure(err)?.status === 410) {
        this.counts.gone++;
        this.opts.log(`--kube: pod watch expired (410 Gone); listing the pods again`);
        void this.list();
        return;
      }
      const routine = err === null || err === undefined || isTimeout(err);
      if (routine) {
        if (delivered) this.succeeded(false);
        this.watch();
        return;
      }
      this.retry(err, "watchPods", () => {
        this.watch();
      });
    };
    this.watcher
      .watch(
        path,
        {
          labelSelector: this.opts.selector,
          resourceVersion: this.resourceVersion,
          allowWatchBookmarks: true,
          timeoutSeconds: this.opts.watchTimeoutSeconds ?? 300,
        },
        onEvent,
        onDone,
      )
      .then(
        (inner) => {
          // Our controller aborts client-node's (close(), or a newer watch replacing this one).
          controller.signal.addEventListener("abort", () => {
            inner.abort();
          });
          if (controller.signal.aborted) inner.abort();
        },
        (err: unknown) => {
          onDone(err);
        },
      );
  }

  private succeeded(listed: boolean): void {
    this.failures = 0;
    this.troubleSince = 0;
    const next = { problem: "", listed: this.state.listed || listed };
    if (next.problem !== this.state.problem || next.listed !== this.state.listed) {
      this.state = next;
      this.opts.onState(next);
    }
  }

  private retry(err: unknown, action: KubeAction, again: () => void): void {
    if (this.closed) return;
    const now = this.clock.now();
    if (this.troubleSince === 0) this.troubleSince = now;
    const plan = nextRetry(
      this.failures,
      now - this.troubleSince,
      this.opts.backoff ?? defaultBackoff,
    );
    this.failures = plan.nextStep;
    const problem = describeKubeFailure(err, action, this.opts.context);
    if (problem !== this.state.problem) {
      this.opts.log(`--kube: ${problem}`);
      this.state = { ...this.state, problem };
      this.opts.onState(this.state);
    }
    this.cancelTimer = this.clock.setTimeout(again, plan.delayMs);
  }
}

function isTimeout(err: unknown): boolean {
  return err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
}
