/**
 * The selected event in full, asked of the ingest worker (which decodes it from the bytes it
 * keeps). While the event is not in the buffer (a reloaded ?sel= link before the event
 * arrives again, or one evicted since), the question is asked again as new events arrive, at
 * most every RETRY_MS; `found: false` tells the pane it is not there.
 */
import { useEffect, useRef, useState } from "react";
import type { DetailResult } from "../protocol/protocol";
import type { ViewClient } from "../view/worker-client";

const RETRY_MS = 500;

export function useDetail(
  client: ViewClient,
  key: string,
  received: number,
): DetailResult | undefined {
  const [result, setResult] = useState<{ key: string; detail: DetailResult } | undefined>();
  const latestKey = useRef(key);
  const asked = useRef({ key: "", at: -Infinity, inFlight: false });
  const current = result?.key === key ? result.detail : undefined;
  const missing = current === undefined || !current.found;
  useEffect(() => {
    latestKey.current = key;
  }, [key]);
  useEffect(() => {
    const a = asked.current;
    const now = performance.now();
    if (!missing || a.inFlight || (a.key === key && now - a.at < RETRY_MS)) return;
    asked.current = { key, at: now, inFlight: true };
    void client.detail(key).then((detail) => {
      asked.current.inFlight = false;
      // An answer for a key that is no longer selected is dropped.
      if (latestKey.current === key) setResult({ key, detail });
    });
  }, [client, key, received, missing]);
  return current;
}
