/**
 * The HTTP surface over real sockets: Host and Origin guards on every path (static files too,
 * via raw http.request so Host can be forged), security headers on every response, no CORS
 * grants, static serving without traversal, SPA fallback and asset caching.
 */
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Gateway, startGateway } from "../gateway.js";
import { contentSecurityPolicy } from "./security-headers.js";

let gw: Gateway;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tetragon-static-"));
  await mkdir(path.join(dir, "assets"));
  await writeFile(path.join(dir, "index.html"), "<!doctype html><title>app</title>");
  await writeFile(path.join(dir, "assets", "index-abc123.js"), "console.log(1)");
  await writeFile(path.join(dir, "assets", "index-abc123.css"), "body{}");
  await writeFile(path.join(os.tmpdir(), "tetragon-secret.txt"), "secret");
  // An agent nobody listens on: these tests never need events.
  gw = await startGateway({
    agents: ["127.0.0.1:1"],
    port: 0,
    staticDir: dir,
    allowedHosts: ["dash.example"],
    allowedOrigins: ["http://localhost:5173"],
    log: () => undefined,
  });
});
afterAll(async () => {
  await gw.close();
  await rm(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(
  pathname: string,
  headers: Record<string, string> = {},
  method = "GET",
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: gw.port,
        path: pathname,
        method,
        headers: { host: `localhost:${String(gw.port)}`, ...headers },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          body += c;
        });
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

const rpc = { "content-type": "application/json" };

describe("Host guard (DNS rebinding)", () => {
  it.each([
    "/",
    "/assets/index-abc123.js",
    "/api/status",
    "/tetragon.FineGuidanceSensors/GetVersion",
  ])("refuses a foreign Host on %s with 421 and a plain-text reason", async (p) => {
    const r = await request(
      p,
      { host: "evil.example:8080", ...rpc },
      p.startsWith("/tetragon") ? "POST" : "GET",
    );
    expect(r.status).toBe(421);
    expect(r.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(r.body).toContain("--allowed-host");
  });

  it.each(["localhost:1234", "127.0.0.1", "[::1]:80", "dash.example", "DASH.example:443"])(
    "accepts Host %s",
    async (host) => {
      expect((await request("/", { host })).status).toBe(200);
    },
  );
});

describe("Origin guard", () => {
  it("refuses a cross-origin request on RPC and static paths with 403", async () => {
    const a = await request(
      "/tetragon.FineGuidanceSensors/GetVersion",
      { origin: "https://evil.example", ...rpc },
      "POST",
    );
    expect(a.status).toBe(403);
    expect(a.body).toContain("Cross-origin request from https://evil.example refused");
    expect((await request("/", { origin: "null" })).status).toBe(403);
  });

  it("accepts same-origin and --allowed-origin requests; grants CORS to exactly the allowed origin", async () => {
    const cors = (r: Reply) =>
      Object.keys(r.headers).filter((h) => h.startsWith("access-control-"));
    const same = await request("/api/status", { origin: `http://localhost:${String(gw.port)}` });
    expect(same.status).toBe(200);
    expect(cors(same)).toEqual([]);
    const allowed = await request("/api/status", { origin: "http://localhost:5173" });
    expect(allowed.status).toBe(200);
    expect(allowed.headers["access-control-allow-origin"]).toBe("http://localhost:5173");
    expect(allowed.headers["access-control-allow-credentials"]).toBeUndefined();
    expect(allowed.headers["access-control-expose-headers"]).toContain("grpc-status");
    expect(allowed.headers.vary).toBe("Origin");
  });

  it("answers a preflight from an allowed origin, and refuses one from any other", async () => {
    const preflight = (origin: string) =>
      request(
        "/tetragon.FineGuidanceSensors/GetEvents",
        {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type,x-grpc-web,x-user-agent",
        },
        "OPTIONS",
      );
    const ok = await preflight("http://localhost:5173");
    expect(ok.status).toBe(204);
    expect(ok.headers["access-control-allow-origin"]).toBe("http://localhost:5173");
    expect(ok.headers["access-control-allow-methods"]).toBe("GET, POST");
    expect(ok.headers["access-control-allow-headers"]).toContain("x-grpc-web");
    expect(ok.headers["access-control-allow-credentials"]).toBeUndefined();
    const evil = await preflight("https://evil.example");
    expect(evil.status).toBe(403);
    expect(evil.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("security headers", () => {
  it.each([
    ["/", "GET"],
    ["/missing.js", "GET"],
    ["/tetragon.FineGuidanceSensors/AddTracingPolicy", "POST"],
  ])("are on %s", async (p, method) => {
    for (const host of [`localhost:${String(gw.port)}`, "evil.example"]) {
      const r = await request(p, { host, ...rpc }, method);
      expect(r.headers["content-security-policy"]).toBe(contentSecurityPolicy);
      expect(r.headers["x-content-type-options"]).toBe("nosniff");
      expect(r.headers["referrer-policy"]).toBe("no-referrer");
      expect(r.headers["cross-origin-opener-policy"]).toBe("same-origin");
    }
  });
});

describe("static files", () => {
  it("serves assets with content types and a long cache", async () => {
    const js = await request("/assets/index-abc123.js");
    expect(js.status).toBe(200);
    expect(js.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(js.headers["cache-control"]).toContain("immutable");
    expect((await request("/assets/index-abc123.css")).headers["content-type"]).toBe(
      "text/css; charset=utf-8",
    );
    const index = await request("/");
    expect(index.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(index.headers["cache-control"]).toBe("no-cache");
  });

  it("falls back to index.html for unknown pages that accept HTML, 404 otherwise", async () => {
    const page = await request("/events/some-route?x=1", { accept: "text/html,*/*" });
    expect(page.status).toBe(200);
    expect(page.body).toContain("<title>app</title>");
    expect((await request("/missing.js", { accept: "*/*" })).status).toBe(404);
    expect((await request("/assets/missing.js", { accept: "text/html" })).status).toBe(404);
  });

  it.each([
    "/../tetragon-secret.txt",
    "/..%2ftetragon-secret.txt",
    "/%2e%2e/tetragon-secret.txt",
    "/assets/..%2f..%2ftetragon-secret.txt",
    "/..%5ctetragon-secret.txt",
    "/%00",
  ])("never escapes the folder: %s", async (p) => {
    const r = await request(p, { accept: "*/*" });
    expect([400, 404]).toContain(r.status);
    expect(r.body).not.toContain("secret");
  });

  it("answers other methods on pages with 405", async () => {
    expect((await request("/", {}, "DELETE")).status).toBe(405);
  });
});
