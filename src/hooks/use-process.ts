/**
 * The process tree of `target`, asked of the ingest worker (which builds it over its buffer):
 * again when the target changes, and as events arrive at most every REFRESH_MS, so a running
 * process's children and events show up while the view is open. Only the answer to the latest
 * question is kept (an older one arriving late is dropped).
 */
import { useEffect, useRef, useState } from "react";
import type { ProcessResult, ProcessTarget } from "../protocol/protocol";
import type { ViewClient } from "../view/worker-client";
import { useThrottled } from "./use-throttled";

const REFRESH_MS = 1_000;

export function useProcess(
  client: ViewClient,
  target: ProcessTarget,
  received: number,
): { target: ProcessTarget; result: ProcessResult } | undefined {
  const [answer, setAnswer] = useState<{ target: ProcessTarget; result: ProcessResult }>();
  const latest = useRef(0);
  const arrived = useThrottled(received, REFRESH_MS);
  useEffect(() => {
    const asked = ++latest.current;
    void client.process(target).then((result) => {
      if (asked === latest.current) setAnswer({ target, result });
    });
  }, [client, target, arrived]);
  // Until the new target's answer is in, the previous tree stays (no flash of nothing).
  return answer;
}
