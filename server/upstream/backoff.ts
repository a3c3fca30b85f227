/**
 * Exponential backoff with full jitter (AWS "Exponential Backoff And Jitter"): the delay for
 * step n is uniform in [ceiling/2, ceiling] with ceiling = min(cap, initial * 2^n), so many
 * gateways restarted together do not all dial an agent in the same millisecond.
 *
 * Short outages (a pod restart, a port-forward blip) are the common case, and the dashboard
 * should be live again within about a second of the agent's return: while an outage is younger
 * than `shortOutageMs` the ceiling stays at `shortMaxMs`. After that the ceiling keeps doubling
 * from there up to `maxMs` (30 s), so an agent that stays down, or a broken agent that fails
 * every stream, is probed less and less often. Pure: randomness is injected for tests.
 */
export interface BackoffConfig {
  /** First delay ceiling, ~250 ms. */
  initialMs: number;
  /** Ceiling for long outages, 30 s. */
  maxMs: number;
  /** How long an outage counts as short; default 0 (no short-outage cap). */
  shortOutageMs?: number;
  /** Ceiling while the outage is short; default `maxMs`. */
  shortMaxMs?: number;
}

export const defaultBackoff: Required<BackoffConfig> = {
  initialMs: 250,
  maxMs: 30_000,
  shortOutageMs: 15_000,
  shortMaxMs: 1_000,
};

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

export interface RetryPlan {
  delayMs: number;
  /** The exponent to use for the next failure of the same outage. */
  nextStep: number;
}

/**
 * The next retry of an outage that started `outageMs` ago and has used exponent `step`.
 * Inside the short window the exponent stops where the ceiling reaches `shortMaxMs`, so when
 * the window ends the delays go on doubling from ~`shortMaxMs` instead of jumping to `maxMs`.
 */
export function nextRetry(
  step: number,
  outageMs: number,
  config: BackoffConfig = defaultBackoff,
  random: () => number = Math.random,
): RetryPlan {
  const shortMax = Math.min(config.shortMaxMs ?? config.maxMs, config.maxMs);
  if (outageMs < (config.shortOutageMs ?? 0)) {
    // The smallest exponent whose ceiling reaches the short cap.
    const capStep = Math.max(0, Math.ceil(Math.log2(shortMax / config.initialMs)));
    const used = Math.min(step, capStep);
    const delayMs = backoffDelay(used, { initialMs: config.initialMs, maxMs: shortMax }, random);
    return { delayMs, nextStep: Math.min(used + 1, capStep) };
  }
  return { delayMs: backoffDelay(step, config, random), nextStep: Math.min(step + 1, 31) };
}
