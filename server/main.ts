/**
 * CLI entry (`npm start`, `tetragon-dashboard`): parse flags, start the gateway, print the
 * URL, close cleanly on SIGINT/SIGTERM. Bad flags: one line on stderr and exit code 2.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { helpText, parseCliArgs } from "./cli-args.js";
import { type Gateway, type GatewayOptions, startGateway } from "./gateway.js";

/** The package root: the first folder above this file holding our package.json. */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "package.json");
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string };
      if (pkg.name === "tetragon-dashboard") return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2), process.env);
  if ("help" in parsed) {
    process.stdout.write(`${helpText()}\n`);
    return;
  }
  if ("error" in parsed) {
    process.stderr.write(`tetragon-dashboard: ${parsed.error}\n`);
    process.exit(2);
  }
  const root = packageRoot();
  const version = (
    JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version?: string }
  ).version;
  const { options } = parsed;
  const gatewayOptions: GatewayOptions = {
    agents: options.agents,
    host: options.host,
    port: options.port,
    staticDir: path.resolve(root, options.staticDir ?? "dist"),
    allowedHosts: options.allowedHosts,
    allowedOrigins: options.allowedOrigins,
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.peerGateways === undefined ? {} : { peerGateways: options.peerGateways }),
    ...(options.sourceMaps === undefined ? {} : { sourceMaps: options.sourceMaps }),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }),
    version: version ?? "dev",
  };
  const { kube } = options;
  let gateway: Gateway;
  const sources = [...options.agents];
  if (kube === undefined) gateway = await startGateway(gatewayOptions);
  else {
    // Loaded only for --kube: @kubernetes/client-node and its dependencies cost ~50 MB of
    // memory and start-up time that a gateway without cluster mode never needs.
    const { startKubeGateway } = await import("./kube/kube-gateway.js");
    const kubeGateway = await startKubeGateway(gatewayOptions, { ...kube, env: process.env });
    sources.unshift(
      `pods ${kube.selector} in ${kube.namespace} via ${kubeGateway.kubeDescription}`,
    );
    gateway = kubeGateway;
  }
  process.stdout.write(`Tetragon dashboard: ${gateway.url} (agents: ${sources.join(", ")})\n`);
  const stop = (): void => {
    void gateway.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown }).code;
  const hint = code === "EADDRINUSE" ? " (the port is taken: pick another with --listen)" : "";
  process.stderr.write(`tetragon-dashboard: ${message}${hint}\n`);
  process.exit(1);
});
