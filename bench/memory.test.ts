/**
 * bench/memory.ts reads what the browser really holds: a page and its workers allocate known
 * amounts of Uint8Array memory, and the reading must find every target (page, dedicated
 * worker, shared worker, a window.open tab sharing the page's isolate), count ArrayBuffer
 * backing stores (which Runtime.getHeapUsage's usedSize leaves out) and count a shared
 * isolate once. Memory facts, not timings: the amounts are exact allocations.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumArgs, chromiumExecutablePath } from "../e2e/chromium.js";
import { measureMemory } from "./memory.js";

const MiB = 1024 * 1024;

/** Each script keeps `mib` MiB in Uint8Arrays (touched, so the pages are real) and says so. */
const holder = (mib: number, reply: string): string =>
  `globalThis.kept = new Uint8Array(${String(mib * MiB)}).fill(7);\n${reply}`;

const routes: Record<string, [string, string]> = {
  "/": ["text/html", `<script src="/page.js"></script>`],
  "/page.js": [
    "text/javascript",
    `window.kept = new Uint8Array(${String(100 * MiB)}).fill(1);
     const shared = new SharedWorker("/shared.js");
     const dedicated = new Worker("/dedicated.js");
     window.workersReady = Promise.all([
       new Promise((r) => { shared.port.onmessage = r; shared.port.start(); }),
       new Promise((r) => { dedicated.onmessage = r; }),
     ]).then(() => true);`,
  ],
  "/shared.js": [
    "text/javascript",
    holder(30, `onconnect = (e) => { e.ports[0].postMessage("ready"); };`),
  ],
  "/dedicated.js": ["text/javascript", holder(20, `postMessage("ready");`)],
  "/popup": ["text/html", `<script src="/popup.js"></script>`],
  "/popup.js": ["text/javascript", holder(40, `window.ready = true;`)],
};

let server: http.Server;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const route = routes[req.url ?? ""];
    if (route === undefined) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader("content-type", route[0]);
    res.end(route[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  browser = await chromium.launch({
    executablePath: chromiumExecutablePath,
    args: [...chromiumArgs],
  });
});

afterAll(async () => {
  await browser.close();
  await new Promise((resolve) => server.close(resolve));
});

describe("measureMemory", () => {
  it("counts ArrayBuffer backing stores in every page and worker, each isolate once", async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    await page.waitForFunction(
      () => (window as unknown as { workersReady: Promise<boolean> }).workersReady,
    );
    const [popup] = await Promise.all([
      page.waitForEvent("popup"),
      page.evaluate(() => {
        window.open("/popup");
      }),
    ]);
    await popup.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);

    const reading = await measureMemory(browser);

    const of = (type: string) => reading.targets.filter((t) => t.type === type);
    expect(of("page")).toHaveLength(2);
    expect(of("worker")).toHaveLength(1);
    expect(of("shared_worker")).toHaveLength(1);
    // The popup shares the opener's renderer process, so its isolate: one reading, not two.
    const [a, b] = of("page");
    expect(a?.isolateId).toBe(b?.isolateId);
    expect(reading.isolates).toBe(3);

    const near = (bytes: number | undefined, mib: number): void => {
      expect(bytes).toBeGreaterThanOrEqual(mib * MiB);
      expect(bytes).toBeLessThan(mib * MiB + MiB);
    };
    near(of("shared_worker")[0]?.backingStoreBytes, 30);
    near(of("worker")[0]?.backingStoreBytes, 20);
    near(a?.backingStoreBytes, 100 + 40);
    near(reading.backingStoreBytes, 100 + 40 + 30 + 20);
    // usedSize alone misses them: the V8 heaps hold a few MB of code and objects.
    expect(reading.usedBytes).toBeLessThan(20 * MiB);
    expect(reading.totalBytes).toBe(reading.usedBytes + reading.backingStoreBytes);

    await page.close();
    await popup.close();
  }, 60_000);
});
