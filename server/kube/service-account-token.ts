/**
 * The in-cluster service-account token, re-read whenever its file changes. The kubelet
 * rotates projected tokens (by swapping a symlink) well before they expire; client-node's own
 * token-file provider re-reads only once a minute, so a rotated-and-revoked token could be
 * sent for up to 60 s. Here every request checks the file's change time (one stat), so the
 * first request after a rotation already carries the new token.
 */
import { readFileSync, statSync } from "node:fs";
import type { KubeConfig, User } from "@kubernetes/client-node";

/** What `KubeConfig.addAuthenticator` takes (client-node does not export the interface). */
type Authenticator = Parameters<KubeConfig["addAuthenticator"]>[0];
type RequestOptions = Parameters<Authenticator["applyAuthentication"]>[1];

export const tokenProviderName = "tetragon-dashboard-service-account";

export class ServiceAccountToken implements Authenticator {
  private token = "";
  private readStamp = "";

  constructor(private readonly path: string) {}

  isAuthProvider(user: User): boolean {
    const provider = user.authProvider as { name?: unknown } | undefined;
    return provider?.name === tokenProviderName;
  }

  applyAuthentication(_user: User, opts: RequestOptions): Promise<void> {
    const st = statSync(this.path);
    const stamp = `${String(st.mtimeMs)}:${String(st.size)}:${String(st.ino)}`;
    if (stamp !== this.readStamp) {
      this.token = readFileSync(this.path, "utf8").trim();
      this.readStamp = stamp;
    }
    // client-node hands in a headers object; other shapes are never passed here.
    const headers = (opts.headers ?? {}) as Record<string, string>;
    headers["Authorization"] = `Bearer ${this.token}`;
    opts.headers = headers;
    return Promise.resolve();
  }
}
