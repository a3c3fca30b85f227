/**
 * The fake Kubernetes API server with one unix-only Tetragon pod (reached only by exec), in
 * its own process for the exec figure (bench/kube-bench.ts): on a real cluster the API
 * server, the kubelet and `tetra` run elsewhere, so they should not share the gateway's
 * event loop. Its `tetra` prints eventLines() at argv[2] events/s ("max": as fast as the
 * stream takes them).
 * child -> parent: {ready, kubeconfigPath, namespace, node} once; parent -> child: {close}.
 */
import { startFakeCluster } from "../server/testing/fake-kube/fake-cluster.js";
import { eventLines, linePool } from "./kube-lines.js";

const node = "node-exec";
const rateArg = process.argv[2] ?? "max";
const rate = rateArg === "max" ? Infinity : Number(rateArg);
const { lines } = eventLines();
const cluster = await startFakeCluster({
  nodes: [{ node, kind: "unix" }],
  rate,
  execLines: (n) => linePool(n, lines),
});
const send = (msg: unknown): void => {
  process.send?.(msg);
};
send({ ready: true, kubeconfigPath: cluster.kubeconfigPath, namespace: cluster.namespace, node });
process.on("message", (raw) => {
  const cmd = raw as { id: number; op: string };
  if (cmd.op !== "close") return;
  void cluster.close().then(() => {
    send({ id: cmd.id });
    process.exit(0);
  });
});
process.on("disconnect", () => process.exit(0));
