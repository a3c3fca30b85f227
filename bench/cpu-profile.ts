/**
 * Summarises a V8 .cpuprofile (the gateway's, `npm run bench -- --gateway-prof`): self time
 * per function and per module (npm package, our source file, or node internals), divided by
 * the events the gateway relayed while the profile ran, so a bottleneck reads as
 * "function X: N µs per event". Sample i lasts until sample i + 1 (timeDeltas[i + 1]).
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface CostLine {
  name: string;
  selfMs: number;
  usPerEvent: number;
  percent: number;
}

export interface ProfileSummary {
  file: string;
  events: number;
  /** Sampled time the gateway's thread was not idle, ms. */
  activeMs: number;
  activeUsPerEvent: number;
  topFunctions: CostLine[];
  byModule: CostLine[];
}

/** "@connectrpc/connect-node", "server/routes/get-events.js", "node:internal/...", "(gc)". */
export function moduleOf(url: string, functionName: string): string {
  if (url === "") return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return url.split("/").slice(0, 2).join("/");
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const parts = url.slice(nm + "node_modules/".length).split("/");
    return parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1] ?? ""}` : (parts[0] ?? url);
  }
  // Compiled by the bench into bench/.build/; otherwise the last server/ or src/ folder.
  const built = url.lastIndexOf("/.build/");
  if (built >= 0) return url.slice(built + "/.build/".length);
  const m = /.*\/((?:server|src)\/.+)$/.exec(url);
  return m?.[1] ?? url;
}

function top(costs: Map<string, number>, events: number, active: number, n: number): CostLine[] {
  return [...costs]
    .filter(([, us]) => us > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({
      name,
      selfMs: Math.round(us / 100) / 10,
      usPerEvent: Math.round((us / Math.max(1, events)) * 100) / 100,
      percent: Math.round((1000 * us) / Math.max(1, active)) / 10,
    }));
}

export function summariseProfile(file: string, events: number): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  let active = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i + 1] ?? 0;
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined || frame.functionName === "(idle)") return;
    active += us;
    const mod = moduleOf(frame.url, frame.functionName);
    const fn = `${frame.functionName || "(anonymous)"} ${mod}:${String(frame.lineNumber + 1)}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byModule.set(mod, (byModule.get(mod) ?? 0) + us);
  });
  return {
    file,
    events,
    activeMs: Math.round(active / 1000),
    activeUsPerEvent: Math.round((active / Math.max(1, events)) * 100) / 100,
    topFunctions: top(byFunction, events, active, 15),
    byModule: top(byModule, events, active, 12),
  };
}
