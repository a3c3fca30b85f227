/**
 * Exponential backoff with full jitter (AWS "Exponential Backoff And Jitter"): the delay for
 * attempt n is uniform in [base/2, min(cap, initial * 2^n)], so many gateways restarted together
 * do not all dial an agent in the same millisecond. Pure: randomness is injected for tests.
 */
export interface BackoffConfig {
  /** First delay, ~250 ms. */
  initialMs: number;
  /** Ceiling, 30 s. */
  maxMs: number;
}

export const defaultBackoff: BackoffConfig = { initialMs: 250, maxMs: 30_000 };

/** Delay before retry number `attempt` (0-based). */
export function backoffDelay(
  attempt: number,
  config: BackoffConfig = defaultBackoff,
  random: () => number = Math.random,
): number {
  // 2^attempt overflows to Infinity for large attempts; clamp the exponent first.
  const exp = Math.min(attempt, 30);
  const ceiling = Math.min(config.maxMs, config.initialMs * 2 ** exp);
  const floor = ceiling / 2;
  return Math.round(floor + random() * (ceiling - floor));
}
