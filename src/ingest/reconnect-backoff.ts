/**
 * The ingest worker's reconnect delay (the gateway has its own, `nextRetry` in
 * server/upstream/backoff.ts): exponential backoff with jitter. Attempt 1 waits about
 * `initialMs`, each further attempt `factor` times longer, capped at `maxMs`. Jitter spreads the delay over
 * ±`jitter` of its value so many tabs do not reconnect to a restarted gateway in lockstep.
 * `random` is injected so tests are deterministic.
 */
export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
  /** 0..1: fraction of the delay that is randomised either way. */
  readonly jitter: number;
  readonly random: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  initialMs: 500,
  maxMs: 15_000,
  factor: 2,
  jitter: 0.2,
  random: Math.random,
};

/** Delay before reconnect attempt `attempt` (1-based), in whole milliseconds. */
export function reconnectDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, attempt - 1);
  const base = Math.min(options.maxMs, options.initialMs * options.factor ** exponent);
  const spread = base * options.jitter * (2 * options.random() - 1);
  return Math.max(0, Math.round(Math.min(options.maxMs, base + spread)));
}
