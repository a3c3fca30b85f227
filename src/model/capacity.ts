/** The buffer's size limits, shared by the worker (which holds the buffer) and the page (which offers the choice). */
export const DEFAULT_CAPACITY = 100_000;
export const MAX_CAPACITY = 1_000_000;
/** The sizes the Buffer setting offers. */
export const CAPACITY_CHOICES: readonly number[] = [
  1_000, 10_000, 50_000, 100_000, 200_000, 500_000, 1_000_000,
];
