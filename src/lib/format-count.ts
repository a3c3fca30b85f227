/**
 * Counts as the UI shows them: digits grouped by thousands ("12,345"), the same everywhere
 * (counters, gap rows, buffer sizes, long-text lengths), independent of the browser locale
 * so screenshots, tests and shared descriptions read alike.
 */
const grouped = new Intl.NumberFormat("en-US");

export function formatCount(n: number): string {
  return grouped.format(n);
}
