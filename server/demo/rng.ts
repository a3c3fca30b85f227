/*
 * A small seeded PRNG (mulberry32) and helpers. Every random choice of the demo generator
 * goes through one Rng, so a seed fully determines the event sequence. Not for security.
 */

export interface Rng {
  /** Uniform float in [0, 1). */
  float(): number;
  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Pick with weights (same length as items, positive). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** n characters drawn from alphabet. */
  chars(alphabet: string, n: number): string;
  hex(n: number): string;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const float = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(float() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(float() * items.length)];
    if (item === undefined) throw new Error("rng.pick: empty list");
    return item;
  };
  const chars = (alphabet: string, n: number): string => {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet.charAt(Math.floor(float() * alphabet.length));
    return s;
  };
  return {
    float,
    int,
    chance: (p) => float() < p,
    pick,
    weighted: <T>(items: readonly T[], weights: readonly number[]): T => {
      const total = weights.reduce((a, b) => a + b, 0);
      let r = float() * total;
      for (let i = 0; i < items.length; i++) {
        r -= weights[i] ?? 0;
        const item = items[i];
        if (r < 0 && item !== undefined) return item;
      }
      return pick(items);
    },
    chars,
    hex: (n) => chars("0123456789abcdef", n),
  };
}
