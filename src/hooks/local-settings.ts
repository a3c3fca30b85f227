/**
 * localStorage access for remembered preferences (theme, capacity, default columns).
 * Storage can be missing or throw (private mode, quota): every read falls back to the default.
 */
export function loadString(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function saveString(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Not remembering a preference is harmless.
  }
}

export function loadNumber(key: string, fallback: number, min: number, max: number): number {
  const n = Number(loadString(key));
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}
