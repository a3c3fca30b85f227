/**
 * The GetEvents stream loop and its reconnect state machine.
 *
 *   idle -> connecting -> live -> reconnecting(attempt, delayMs, reason) -> connecting ...
 *                   \-> reconnecting          any state -> stopped (stop() or permanent error)
 *
 * Data flow: `source` opens the stream (transport injected); every message goes to `sink`
 * (the ingest hub appends it to the store). When a live stream ends or
 * fails, the break time is remembered; when the next stream opens, a browser gap
 * [break, reopen] is reported through `onGap`. Timers come from the injected Clock.
 * Invariants: at most one stream is open; `attempt` counts failures since the last live
 * stream and resets once a stream opens. `restart()` (a new agent filter) closes the stream
 * and opens the next one at once: no backoff, no gap (the caller marks the change itself).
 */
import type { StreamFailure } from "../api/errors";
import type { Cancel, Clock } from "../lib/clock";
import { ValueStore } from "../lib/value-store";
import type { ConnectionState, Gap } from "../protocol/protocol";
import { DEFAULT_BACKOFF, reconnectDelay, type BackoffOptions } from "./reconnect-backoff";

/** How long a stream must stay open after its headers, without messages, to count as live. */
export const OPEN_SETTLE_MS = 500;

export interface StreamConnectionOptions<R> {
  readonly clock: Clock;
  /** Opens GetEvents; calls `onOpen` once the server answered (headers or first message). */
  readonly source: (signal: AbortSignal, onOpen: () => void) => AsyncIterable<R>;
  /** Each message as it arrives. */
  readonly sink: (message: R) => void;
  readonly onGap: (gap: Gap) => void;
  readonly classify: (error: unknown) => StreamFailure;
  readonly backoff?: BackoffOptions;
}

export class StreamConnection<R> {
  readonly state = new ValueStore<ConnectionState>({ phase: "idle" });
  private abort: AbortController | null = null;
  private wake: { cancel: Cancel; resolve: () => void } | null = null;
  private stopped = false;
  private running = false;
  private brokeAt: { ms: number; reason: string } | null = null;
  private restarting = false;

  constructor(private readonly options: StreamConnectionOptions<R>) {}

  /** Starts the loop; resolves when it stops. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.stopped = false;
    let attempt = 0;
    while (!this.isStopped()) {
      this.state.set({ phase: "connecting", attempt: attempt + 1 });
      const failure = await this.runOnce();
      if (this.isStopped()) break;
      if (this.takeRestart()) {
        // Closed on purpose to reopen with a new request: not a break, not a failure.
        attempt = 0;
        continue;
      }
      if (this.state.getSnapshot().phase === "live") {
        attempt = 0;
        this.brokeAt = { ms: this.options.clock.now(), reason: failure.reason };
      }
      if (failure.permanent) {
        this.state.set({ phase: "stopped", reason: failure.reason });
        break;
      }
      attempt++;
      const delayMs = reconnectDelay(attempt, this.options.backoff ?? DEFAULT_BACKOFF);
      this.state.set({
        phase: "reconnecting",
        attempt,
        delayMs,
        retryAtMs: this.options.clock.now() + delayMs,
        reason: failure.reason,
      });
      await this.sleep(delayMs);
      // A restart during the delay only cut it short: the next stream uses the new request.
      this.restarting = false;
    }
    this.running = false;
  }

  /** Closes the stream and ends the loop. */
  stop(reason = "stopped"): void {
    this.stopped = true;
    this.abort?.abort();
    this.wake?.cancel();
    this.wake?.resolve();
    this.wake = null;
    this.state.set({ phase: "stopped", reason });
  }

  /** A method, not a field read, because stop() may run while the loop awaits. */
  private isStopped(): boolean {
    return this.stopped;
  }

  /**
   * Closes the open stream (or skips the backoff delay) and opens a new one at once; `source`
   * is called again, so it picks up a new request. Starts the loop again if it had stopped.
   */
  restart(): void {
    if (!this.running) {
      void this.start();
      return;
    }
    this.restarting = true;
    this.abort?.abort();
    this.retryNow();
  }

  private takeRestart(): boolean {
    const r = this.restarting;
    this.restarting = false;
    return r;
  }

  /** Skips the remaining backoff delay (a "Retry now" button). */
  retryNow(): void {
    this.wake?.cancel();
    this.wake?.resolve();
    this.wake = null;
  }

  private async runOnce(): Promise<StreamFailure> {
    const abort = new AbortController();
    this.abort = abort;
    // Headers alone do not prove a healthy stream (an error can follow at once, e.g. a
    // trailers-only response): live once a message arrives, or the stream stayed open a while.
    const pending: { settle: Cancel | null } = { settle: null };
    const onOpen = (): void => {
      pending.settle ??= this.options.clock.setTimeout(this.markLive, OPEN_SETTLE_MS);
    };
    try {
      for await (const raw of this.options.source(abort.signal, onOpen)) {
        // After an abort (a restart with a new agent filter), what the old stream had
        // already buffered is dropped: it belongs before the marker, not after it.
        if (abort.signal.aborted) break;
        pending.settle?.();
        this.markLive();
        this.options.sink(raw);
      }
      return { reason: "the event stream ended", permanent: false };
    } catch (error) {
      return this.options.classify(error);
    } finally {
      pending.settle?.();
      abort.abort();
      this.abort = null;
    }
  }

  private readonly markLive = (): void => {
    if (this.stopped || this.state.getSnapshot().phase === "live") return;
    const now = this.options.clock.now();
    this.state.set({ phase: "live", sinceMs: now });
    if (this.brokeAt !== null) {
      this.options.onGap({
        startMs: this.brokeAt.ms,
        endMs: now,
        node: "",
        reason: this.brokeAt.reason,
        source: "browser",
      });
      this.brokeAt = null;
    }
  };

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const cancel = this.options.clock.setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = { cancel, resolve };
    });
  }
}
