/**
 * A value that follows `value` at most once per `intervalMs`: the first change shows at once,
 * later ones within the interval wait for its end and then show the newest. The counts strip
 * uses it so the chart and bars redraw at most twice a second however often the worker posts.
 */
import { useEffect, useRef, useState } from "react";

export function useThrottled<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const lastShownAt = useRef(Number.NEGATIVE_INFINITY);
  const latest = useRef(value);
  latest.current = value;

  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = lastShownAt.current + intervalMs - Date.now();
    const show = () => {
      lastShownAt.current = Date.now();
      setShown(() => latest.current);
    };
    if (wait <= 0) {
      show();
      return;
    }
    const timer = window.setTimeout(show, wait);
    return () => {
      window.clearTimeout(timer);
    };
  }, [value, shown, intervalMs]);

  return shown;
}
