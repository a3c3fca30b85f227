/**
 * Parses an agent address as given with --tetragon: `host:port`, `[v6]:port`, or
 * `unix:///absolute/path.sock` (the Helm chart's default since Tetragon 1.7).
 */
export type AgentAddress =
  | { kind: "tcp"; host: string; port: number; display: string }
  | { kind: "unix"; path: string; display: string };

export function parseAgentAddress(raw: string): AgentAddress | { error: string } {
  const text = raw.trim();
  if (text.startsWith("unix://")) {
    const path = text.slice("unix://".length);
    if (!path.startsWith("/")) {
      return {
        error: `"${text}": a unix socket address needs an absolute path, e.g. unix:///var/run/tetragon/tetragon.sock`,
      };
    }
    return { kind: "unix", path, display: text };
  }
  if (text.startsWith("unix:")) {
    // grpc-go also accepts unix:/path; normalise to the triple-slash form.
    const path = text.slice("unix:".length);
    if (path.startsWith("/")) return { kind: "unix", path, display: `unix://${path}` };
  }
  const hostPort = parseHostPort(text);
  if ("error" in hostPort) return { error: `"${text}": ${hostPort.error}` };
  return { kind: "tcp", ...hostPort, display: text };
}

/** `host:port` or `[v6]:port`; the host is returned without brackets. */
export function parseHostPort(text: string): { host: string; port: number } | { error: string } {
  let host: string;
  let portText: string;
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close < 0 || text[close + 1] !== ":") return { error: "expected [ipv6]:port" };
    host = text.slice(1, close);
    portText = text.slice(close + 2);
  } else {
    const colon = text.lastIndexOf(":");
    if (colon <= 0 || text.indexOf(":") !== colon) return { error: "expected host:port" };
    host = text.slice(0, colon);
    portText = text.slice(colon + 1);
  }
  if (!/^\d{1,5}$/.test(portText)) return { error: "port must be a number 0-65535" };
  const port = Number(portText);
  if (port > 65535) return { error: "port must be a number 0-65535" };
  if (host === "") return { error: "missing host" };
  return { host, port };
}
