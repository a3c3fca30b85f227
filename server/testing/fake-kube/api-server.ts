/**
 * A fake Kubernetes API server that speaks the real protocols over real sockets, for the
 * cluster-mode tests, bench and demo:
 *
 * - HTTPS with a throwaway CA; every request needs `Authorization: Bearer <token>` of a
 *   known identity (401 Status otherwise), and RBAC (rbac.ts) decides each verb/resource
 *   (403 Status naming the missing permission otherwise).
 * - `GET /api/v1/namespaces/NS/pods?labelSelector=…` lists (PodList with resourceVersion);
 *   `watch=true` streams WatchEvents as JSON lines from `resourceVersion`, or one 410 Gone
 *   ERROR event when that version is compacted away (pod-store.ts).
 * - WebSocket upgrades of `…/pods/NAME/exec` and `…/pods/NAME/portforward` (channel-server.ts),
 *   authorised as `get` and `create` on pods/exec and pods/portforward, like Kubernetes 1.35+.
 *
 * Data flow: requests → auth → RBAC → route; `accessLog` records every authorised access so a
 * test can compare what the gateway used with what deploy/rbac.yaml grants. `stop()` drops
 * every connection (an API server restart); `start()` listens again on the same port.
 */
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { LoopbackPki } from "../tls-certs.js";
import { handleChannelUpgrade, type PodRuntime } from "./channel-server.js";
import { goneStatus, type PodStore, type WatchEvent } from "./pod-store.js";
import { type Access, type Identity, allows, forbiddenStatus, unauthorizedStatus } from "./rbac.js";

export interface FakeApiServerOptions {
  pods: PodStore;
  pki: LoopbackPki;
  runtime: PodRuntime;
  /** Bearer token → identity. Mutable: tests rotate tokens and change roles. */
  identities: Map<string, Identity>;
  port?: number;
}

const podPath =
  /^\/api\/v1\/namespaces\/([a-z0-9-]+)\/pods(?:\/([a-z0-9.-]+)(?:\/(exec|portforward))?)?$/;

export class FakeApiServer {
  port = 0;
  /** Every authorised access, in order (verb, resource, namespace). */
  readonly accessLog: Access[] = [];
  /** Requests refused with 401. */
  unauthorized = 0;
  private server: https.Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly opts: FakeApiServerOptions) {}

  get url(): string {
    return `https://127.0.0.1:${String(this.port)}`;
  }

  async start(): Promise<void> {
    const server = https.createServer(
      { key: this.opts.pki.serverKey, cert: this.opts.pki.serverCert },
      (req, res) => {
        this.handle(req, res);
      },
    );
    server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
      this.upgrade(req, socket, head);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.opts.port ?? this.port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Closes the listener and every open connection (watches, exec and port-forward sockets). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    const closed = new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  private identify(req: IncomingMessage): Identity | undefined {
    const auth = req.headers.authorization ?? "";
    const token = auth.startsWith("Bearer ") ? auth.slice(7).trim() : "";
    return this.opts.identities.get(token);
  }

  private authorise(identity: Identity, access: Access): object | undefined {
    if (!allows(identity, access)) return forbiddenStatus(identity, access);
    this.accessLog.push(access);
    return undefined;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", "https://fake");
    const identity = this.identify(req);
    if (identity === undefined) {
      this.unauthorized++;
      sendJson(res, 401, unauthorizedStatus);
      return;
    }
    const match = podPath.exec(url.pathname);
    if (req.method !== "GET" || match === null || match[3] !== undefined) {
      sendJson(res, 404, notFound(url.pathname));
      return;
    }
    const namespace = match[1] ?? "";
    const name = match[2];
    const watch = url.searchParams.get("watch");
    const verb = name !== undefined ? "get" : watch === "true" || watch === "1" ? "watch" : "list";
    const refused = this.authorise(identity, {
      verb,
      resource: "pods",
      namespace,
      ...(name === undefined ? {} : { name }),
    });
    if (refused !== undefined) {
      sendJson(res, 403, refused);
      return;
    }
    if (name !== undefined) {
      const pod = this.opts.pods.get(namespace, name);
      if (pod === undefined) sendJson(res, 404, notFound(`pods "${name}"`));
      else sendJson(res, 200, pod);
      return;
    }
    const selector = url.searchParams.get("labelSelector") ?? "";
    if (verb === "list") {
      sendJson(res, 200, {
        kind: "PodList",
        apiVersion: "v1",
        metadata: { resourceVersion: this.opts.pods.resourceVersion },
        items: this.opts.pods.list(namespace, selector),
      });
      return;
    }
    this.watch(res, namespace, selector, url.searchParams);
  }

  private watch(
    res: ServerResponse,
    namespace: string,
    selector: string,
    params: URLSearchParams,
  ): void {
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-cache" });
    res.flushHeaders();
    const send = (event: WatchEvent): void => {
      res.write(`${JSON.stringify(event)}\n`);
    };
    const rvParam = params.get("resourceVersion") ?? "";
    let fromRv = Number(rvParam);
    if (rvParam === "" || rvParam === "0") {
      // No version: the current state as ADDED events first (what a real watch does).
      for (const pod of this.opts.pods.list(namespace, selector)) {
        send({ type: "ADDED", object: pod });
      }
      fromRv = Number(this.opts.pods.resourceVersion);
    }
    const stop = this.opts.pods.watch(namespace, selector, fromRv, send);
    if (stop === "gone") {
      send({ type: "ERROR", object: goneStatus(rvParam) });
      res.end();
      return;
    }
    const timeoutS = Number(params.get("timeoutSeconds") ?? "0");
    const timer =
      timeoutS > 0
        ? setTimeout(() => {
            res.end();
          }, timeoutS * 1000)
        : undefined;
    res.on("close", () => {
      clearTimeout(timer);
      stop();
    });
  }

  private upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const url = new URL(req.url ?? "/", "https://fake");
    const identity = this.identify(req);
    const match = podPath.exec(url.pathname);
    if (identity === undefined) {
      this.unauthorized++;
      rejectUpgrade(socket, 401, unauthorizedStatus);
      return;
    }
    const subresource = match?.[3];
    if (match === null || subresource === undefined) {
      rejectUpgrade(socket, 404, notFound(url.pathname));
      return;
    }
    const namespace = match[1] ?? "";
    const name = match[2] ?? "";
    // A WebSocket upgrade is an HTTP GET, authorised as `get` on the subresource; since
    // Kubernetes 1.35 (AuthorizePodWebsocketUpgradeCreatePermission) also as `create`.
    const access = { resource: `pods/${subresource}`, namespace, name };
    const refused =
      this.authorise(identity, { verb: "get", ...access }) ??
      this.authorise(identity, { verb: "create", ...access });
    if (refused !== undefined) {
      rejectUpgrade(socket, 403, refused);
      return;
    }
    const pod = this.opts.pods.get(namespace, name);
    if (pod === undefined) {
      rejectUpgrade(socket, 404, notFound(`pods "${name}"`));
      return;
    }
    handleChannelUpgrade(
      { req, socket, head, url, pod, runtime: this.opts.runtime, subresource },
      rejectUpgrade,
    );
  }
}

function notFound(what: string): object {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: `${what} not found`,
    reason: "NotFound",
    code: 404,
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json" });
  res.end(text);
}

/** An HTTP answer instead of the 101 Switching Protocols a WebSocket client waits for. */
export function rejectUpgrade(socket: Socket, status: number, body: unknown): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const reason =
    { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found" }[status] ??
    "Error";
  socket.end(
    `HTTP/1.1 ${String(status)} ${reason}\r\n` +
      `Content-Type: ${typeof body === "string" ? "text/plain" : "application/json"}\r\n` +
      `Content-Length: ${String(Buffer.byteLength(text))}\r\nConnection: close\r\n\r\n${text}`,
  );
}
