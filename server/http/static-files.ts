/**
 * Serves the built app from one folder: GET/HEAD only, no directory traversal (every path is
 * resolved and must stay inside the real root), index.html for unknown paths that accept HTML
 * (client-side routes), long-lived caching for Vite's content-hashed /assets/*.
 *
 * Never served: dotfiles and anything under a dot-folder (`.env`, `.git/`), asked for or
 * reached through a symlink, in `dist/` or a custom `--static-dir`; and source maps (`.map`,
 * the app's full source) unless `sourceMaps` is on (`--source-maps`).
 */
import type { NodeRequest, NodeResponse } from "./node-types.js";
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import path from "node:path";

const contentTypes: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
};

export function sendText(
  res: NodeResponse,
  status: number,
  text: string,
  extra: Record<string, string> = {},
): void {
  res.statusCode = status;
  res.setHeader("content-type", "text/plain; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
  res.end(`${text}\n`);
}

export interface StaticOptions {
  /** Serve `*.map` files (default off). */
  sourceMaps?: boolean;
}

export function createStaticHandler(
  staticDir: string,
  options: StaticOptions = {},
): (req: NodeRequest, res: NodeResponse) => Promise<void> {
  const root = path.resolve(staticDir);
  let realRoot: Promise<string | undefined> | undefined;
  const getRoot = (): Promise<string | undefined> => {
    realRoot ??= realpath(root).catch(() => undefined);
    return realRoot;
  };

  return async (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendText(res, 405, "Method not allowed.", { allow: "GET, HEAD" });
      return;
    }
    const base = await getRoot();
    if (base === undefined) {
      realRoot = undefined; // built later? look again next time
      sendText(
        res,
        404,
        "The app is not built: run `npm run build` (or `npm start`, which builds it).",
      );
      return;
    }
    const rawPath = (req.url ?? "/").split("?")[0] ?? "/";
    let decoded: string;
    try {
      decoded = decodeURIComponent(rawPath);
    } catch {
      sendText(res, 400, "Malformed URL.");
      return;
    }
    if (decoded.includes("\0") || decoded.includes("\\") || !decoded.startsWith("/")) {
      sendText(res, 400, "Malformed URL.");
      return;
    }
    const wanted = path.resolve(base, `.${path.posix.normalize(decoded)}`);
    const file = await resolveFile(base, wanted, options.sourceMaps === true);
    if (file !== undefined) {
      const immutable = decoded.startsWith("/assets/");
      await sendFile(
        req,
        res,
        file,
        immutable ? "public, max-age=31536000, immutable" : "no-cache",
      );
      return;
    }
    const accept = req.headers.accept ?? "";
    if (req.method === "GET" && accept.includes("text/html") && !decoded.startsWith("/assets/")) {
      const index = await resolveFile(base, path.join(base, "index.html"), false);
      if (index !== undefined) {
        await sendFile(req, res, index, "no-cache");
        return;
      }
    }
    sendText(res, 404, "Not found.");
  };
}

/** The real path of a servable regular file inside base (directories map to their index.html). */
async function resolveFile(
  base: string,
  candidate: string,
  sourceMaps: boolean,
): Promise<string | undefined> {
  if (!servable(base, candidate, sourceMaps)) return undefined;
  try {
    let real = await realpath(candidate);
    let info = await stat(real);
    if (info.isDirectory()) {
      real = await realpath(path.join(real, "index.html"));
      info = await stat(real);
    }
    const inside = real === base || real.startsWith(base + path.sep);
    return inside && info.isFile() && servable(base, real, sourceMaps) ? real : undefined;
  } catch {
    return undefined;
  }
}

/** No dot segment below the root, and no source map unless asked for. */
function servable(base: string, file: string, sourceMaps: boolean): boolean {
  const below = path.relative(base, file).split(path.sep);
  if (below.some((segment) => segment.startsWith("."))) return false;
  return sourceMaps || path.extname(file).toLowerCase() !== ".map";
}

async function sendFile(
  req: NodeRequest,
  res: NodeResponse,
  file: string,
  cacheControl: string,
): Promise<void> {
  const info = await stat(file);
  res.statusCode = 200;
  res.setHeader(
    "content-type",
    contentTypes[path.extname(file).toLowerCase()] ?? "application/octet-stream",
  );
  res.setHeader("content-length", String(info.size));
  res.setHeader("cache-control", cacheControl);
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file);
    stream.on("error", () => {
      res.destroy();
      resolve();
    });
    stream.on("end", resolve);
    stream.pipe(res as NodeJS.WritableStream);
  });
}
