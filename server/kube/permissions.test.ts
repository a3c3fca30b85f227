/**
 * The Kubernetes permissions: what deploy/rbac.yaml grants, what server/kube/permissions.ts
 * says the code uses, and what the gateway really used against a fake API server that
 * enforces exactly that Role — all three must be the same set.
 */
import { describe, expect, it } from "vitest";
import { roleRulesFromYaml } from "../testing/fake-kube/fake-cluster.js";
import { startKubeStack } from "../testing/fake-kube/kube-stack.js";
import { waitFor } from "../testing/fixtures.js";
import { watch } from "../testing/reliability.js";
import { kubeAccess } from "./permissions.js";

const pairs = (list: { verb: string; resource: string }[]): string[] =>
  [...new Set(list.map((a) => `${a.verb} ${a.resource}`))].sort();

async function granted(): Promise<string[]> {
  const rules = await roleRulesFromYaml();
  for (const r of rules) expect(r.apiGroups).toEqual([""]);
  return pairs(
    rules.flatMap((r) =>
      r.resources.flatMap((resource) => r.verbs.map((verb) => ({ verb, resource }))),
    ),
  );
}

describe("RBAC: deploy/rbac.yaml = permissions.ts = what the gateway uses", () => {
  it("the Role grants exactly the accesses the code declares, none of them a write", async () => {
    expect(await granted()).toEqual(pairs(Object.values(kubeAccess).flat()));
    for (const a of Object.values(kubeAccess).flat()) {
      expect(["get", "list", "watch", "create"]).toContain(a.verb);
      // `create` only on the streaming subresources (the WebSocket upgrade), never on pods.
      if (a.verb === "create") expect(a.resource).toMatch(/^pods\/(exec|portforward)$/);
    }
  });

  it("streaming from a TCP pod and a unix-only pod under exactly that Role uses every grant, nothing more, in one namespace", async () => {
    const stack = await startKubeStack({
      nodes: [
        { node: "node-tcp", kind: "tcp" },
        { node: "node-unix", kind: "unix" },
      ],
      rate: 40,
    });
    try {
      const w = watch(stack.gateway.url);
      await waitFor(() => new Set(w.got.map((e) => e.nodeName)).size === 2, "both nodes stream");
      w.abort();
      const used = stack.cluster.api.accessLog;
      expect(pairs(used)).toEqual(await granted());
      expect(new Set(used.map((a) => a.namespace))).toEqual(new Set(["kube-system"]));
      // Nothing was refused: the Role is enough.
      expect(stack.logs.filter((l) => l.includes("403"))).toEqual([]);
    } finally {
      await stack.close();
    }
  });
});
