/**
 * What the static handler never serves: dotfiles and dot-folders (asked for directly, encoded,
 * or reached through a symlink), in a custom --static-dir; and source maps unless
 * --source-maps. Over real sockets; the secret's bytes must appear in no answer.
 */
import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Gateway, startGateway } from "../gateway.js";

const secret = "SECRET_TOKEN=do-not-serve";
let dir = "";
let plain: Gateway;
let withMaps: Gateway;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tetragon-static-dot-"));
  await mkdir(path.join(dir, "assets"));
  await mkdir(path.join(dir, ".git"));
  await writeFile(path.join(dir, "index.html"), "<!doctype html><title>app</title>");
  await writeFile(path.join(dir, "assets", "app-1.js"), "console.log(1)");
  await writeFile(path.join(dir, "assets", "app-1.js.map"), '{"version":3,"sources":[]}');
  await writeFile(path.join(dir, ".env"), secret);
  await writeFile(path.join(dir, ".git", "config"), secret);
  await symlink(path.join(dir, ".env"), path.join(dir, "env.txt"));
  const start = (sourceMaps: boolean) =>
    startGateway({
      agents: ["127.0.0.1:1"],
      port: 0,
      staticDir: dir,
      sourceMaps,
      log: () => undefined,
    });
  plain = await start(false);
  withMaps = await start(true);
});
afterAll(async () => {
  await plain.close();
  await withMaps.close();
  await rm(dir, { recursive: true, force: true });
});

function get(gw: Gateway, pathname: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: gw.port, path: pathname, headers: { host: "localhost" } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("static files never served", () => {
  it.each(["/.env", "/%2eenv", "/.git/config", "/assets/../.env", "/env.txt", "/.git/"])(
    "%s: 404, the secret in no answer",
    async (p) => {
      for (const gw of [plain, withMaps]) {
        const r = await get(gw, p);
        expect(r.status).toBe(404);
        expect(r.body).not.toContain("SECRET_TOKEN");
      }
    },
  );

  it("source maps only with --source-maps; the scripts themselves always", async () => {
    expect((await get(plain, "/assets/app-1.js.map")).status).toBe(404);
    expect((await get(withMaps, "/assets/app-1.js.map")).status).toBe(200);
    expect((await get(plain, "/assets/app-1.js")).status).toBe(200);
  });
});
