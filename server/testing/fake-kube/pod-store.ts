/**
 * The fake API server's pods: objects shaped like the real core/v1 Pod JSON, one global
 * resourceVersion counter, and a bounded history of watch events.
 *
 * Data flow: the fake cluster mutates pods through `put`/`remove`; each mutation bumps the
 * resourceVersion, records a watch event (ADDED / MODIFIED / DELETED) and hands it to every
 * live watcher. A watch from resourceVersion RV replays the history after RV; when RV is older
 * than the oldest event kept (`compact()` forces that, like etcd compaction), the watcher gets
 * a 410 Gone ERROR event, exactly as a real API server answers.
 *
 * Invariant: `history` holds every event with resourceVersion > `compactedAt`, in order.
 */
import { parseLabelSelector } from "../../../src/tetra/label-selector.js";

export interface PodJson {
  apiVersion: "v1";
  kind: "Pod";
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    resourceVersion: string;
    labels: Record<string, string>;
    creationTimestamp: string;
    deletionTimestamp?: string;
  };
  spec: { nodeName: string; containers: { name: string; ports?: { containerPort: number }[] }[] };
  status: {
    phase: "Pending" | "Running" | "Succeeded" | "Failed";
    podIP?: string;
    conditions: { type: string; status: "True" | "False" }[];
    containerStatuses: { name: string; ready: boolean; restartCount: number }[];
  };
}

export type WatchType = "ADDED" | "MODIFIED" | "DELETED";

export interface WatchEvent {
  type: WatchType | "ERROR" | "BOOKMARK";
  object: unknown;
}

interface Recorded {
  rv: number;
  type: WatchType;
  pod: PodJson;
}

type Watcher = (rv: number, type: WatchType, pod: PodJson) => void;

/** The Status object a real API server sends for an expired watch resourceVersion. */
export function goneStatus(rv: string): unknown {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: `too old resource version: ${rv} (${rv})`,
    reason: "Expired",
    code: 410,
  };
}

export class PodStore {
  private rv = 1000;
  private compactedAt = 1000;
  private readonly pods = new Map<string, PodJson>();
  private readonly history: Recorded[] = [];
  private readonly watchers = new Set<Watcher>();

  constructor(private readonly historyLimit = 10_000) {}

  get resourceVersion(): string {
    return String(this.rv);
  }

  get(namespace: string, name: string): PodJson | undefined {
    return this.pods.get(`${namespace}/${name}`);
  }

  list(namespace: string, selector: string): PodJson[] {
    const matches = parseLabelSelector(selector);
    return [...this.pods.values()].filter(
      (p) => p.metadata.namespace === namespace && matches(p.metadata.labels),
    );
  }

  /** Creates or replaces a pod (ADDED or MODIFIED), stamping a new resourceVersion. */
  put(pod: PodJson): PodJson {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const type: WatchType = this.pods.has(key) ? "MODIFIED" : "ADDED";
    const stamped = this.stamp(pod);
    this.pods.set(key, stamped);
    this.record(type, stamped);
    return stamped;
  }

  remove(namespace: string, name: string): void {
    const pod = this.pods.get(`${namespace}/${name}`);
    if (pod === undefined) return;
    this.pods.delete(`${namespace}/${name}`);
    this.record("DELETED", this.stamp(pod));
  }

  /** Forgets the history (etcd compaction): every watch from an older resourceVersion gets 410. */
  compact(): void {
    this.history.length = 0;
    this.compactedAt = this.rv;
  }

  /**
   * Events after `fromRv` for pods in `namespace` matching `selector`, then live ones, until
   * the returned function is called. Returns "gone" when `fromRv` is older than the history.
   */
  watch(
    namespace: string,
    selector: string,
    fromRv: number,
    send: (event: WatchEvent) => void,
  ): (() => void) | "gone" {
    if (fromRv < this.compactedAt) return "gone";
    const matches = parseLabelSelector(selector);
    const relevant = (pod: PodJson): boolean =>
      pod.metadata.namespace === namespace && matches(pod.metadata.labels);
    for (const r of this.history) {
      if (r.rv > fromRv && relevant(r.pod)) send({ type: r.type, object: r.pod });
    }
    const watcher: Watcher = (_rv, type, pod) => {
      if (relevant(pod)) send({ type, object: pod });
    };
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  private stamp(pod: PodJson): PodJson {
    this.rv++;
    return structuredClone({
      ...pod,
      metadata: { ...pod.metadata, resourceVersion: String(this.rv) },
    });
  }

  private record(type: WatchType, pod: PodJson): void {
    this.history.push({ rv: this.rv, type, pod });
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.shift();
      if (dropped !== undefined) this.compactedAt = dropped.rv;
    }
    for (const w of [...this.watchers]) w(this.rv, type, pod);
  }
}
