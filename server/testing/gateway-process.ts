/**
 * The compiled gateway CLI (server/main.js from `buildLoadProcesses`) in a process of its
 * own, started with flags as `npm start` starts it, so tests can measure its CPU and memory
 * from /proc without the test runner's own allocations in the figures.
 */
import { type ChildProcessByStdio, spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { readFileSync } from "node:fs";
import path from "node:path";

export interface GatewayProcess {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  readonly url: string;
  /** stderr lines about failures (reconnects, ended streams, refusals, errors). */
  readonly errors: string[];
  /** SIGTERM, then SIGKILL after 5 s. */
  stop(): Promise<void>;
}

export async function startGatewayProcess(
  buildDir: string,
  args: readonly string[],
  nodeArgs: readonly string[] = [],
): Promise<GatewayProcess> {
  const child = spawn(
    process.execPath,
    [...nodeArgs, path.join(buildDir, "server", "main.js"), "--listen", "127.0.0.1:0", ...args],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const errors: string[] = [];
  child.stderr.setEncoding("utf8").on("data", (text: string) => {
    for (const line of text.split("\n"))
      if (/reconnecting|stream ended|refused|error/i.test(line)) errors.push(line);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      out += text;
      const m = /(http:\/\/\S+)/.exec(out);
      if (m?.[1] !== undefined) resolve(m[1]);
    });
    child.once("exit", (code) => {
      reject(new Error(`the gateway exited with ${String(code)} before listening`));
    });
  });
  return {
    child,
    url,
    errors,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

/** Resident and peak resident memory of a live process, in KiB (0 when unreadable). */
export function processMemory(pid: number | undefined): { rssKb: number; hwmKb: number } {
  try {
    const status = readFileSync(`/proc/${String(pid)}/status`, "utf8");
    const field = (name: string): number =>
      Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { rssKb: field("VmRSS"), hwmKb: field("VmHWM") };
  } catch {
    return { rssKb: 0, hwmKb: 0 }; // not Linux, or already gone
  }
}
