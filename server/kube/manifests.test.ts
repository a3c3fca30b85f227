/**
 * deploy/ and the Dockerfile, read as Kubernetes and Docker would, checked against the code:
 * the container's flags parse and select cluster mode in the Role's namespace, ports and
 * probes reach the gateway (probes through its Host guard), the security context is the
 * hardened one, the image is the one the Dockerfile builds and runs as its user.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { parseCliArgs } from "../cli-args.js";
import { startGateway } from "../gateway.js";
import { AgentSet } from "../upstream/agent-set.js";

const root = path.resolve(import.meta.dirname, "../..");
const read = (file: string): string => readFileSync(path.join(root, file), "utf8");

interface K8sObject {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}
const docs = ["deploy/rbac.yaml", "deploy/deployment.yaml"].flatMap((f) =>
  parseAllDocuments(read(f)).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as K8sObject;
  }),
);
const find = (kind: string): K8sObject => {
  const found = docs.filter((d) => d.kind === kind);
  expect(found).toHaveLength(1);
  return found[0]!;
};

interface Container {
  name: string;
  image: string;
  args: string[];
  ports: { name: string; containerPort: number }[];
  readinessProbe: Probe;
  livenessProbe: Probe;
  securityContext: Record<string, unknown>;
}
interface Probe {
  httpGet: { path: string; port: string; httpHeaders: { name: string; value: string }[] };
}
interface Deployment {
  spec: {
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        serviceAccountName: string;
        securityContext: Record<string, unknown>;
        containers: Container[];
      };
    };
  };
}

const deployment = find("Deployment") as unknown as Deployment & K8sObject;
const pod = deployment.spec.template.spec;
const container = pod.containers[0]!;
const role = find("Role") as unknown as { rules: unknown[] } & K8sObject;

describe("deploy/ manifests", () => {
  it("are exactly ServiceAccount, Role, RoleBinding, Deployment, Service, all in the Role's namespace", () => {
    expect(docs.map((d) => d.kind).sort()).toEqual(
      ["Deployment", "Role", "RoleBinding", "Service", "ServiceAccount"].sort(),
    );
    for (const d of docs) expect(d.metadata.namespace).toBe(role.metadata.namespace);
  });

  it("bind the Role to the service account the Deployment runs as", () => {
    const binding = find("RoleBinding") as unknown as {
      roleRef: { kind: string; name: string };
      subjects: { kind: string; name: string; namespace: string }[];
    } & K8sObject;
    expect(binding.roleRef).toMatchObject({ kind: "Role", name: role.metadata.name });
    expect(binding.subjects).toEqual([
      { kind: "ServiceAccount", name: pod.serviceAccountName, namespace: role.metadata.namespace },
    ]);
    expect(find("ServiceAccount").metadata.name).toBe(pod.serviceAccountName);
  });

  it("run the gateway with --kube on the Role's namespace, listening on the container port", () => {
    const parsed = parseCliArgs(container.args, {});
    if (!("options" in parsed)) throw new Error(JSON.stringify(parsed));
    expect(parsed.options.kube?.namespace).toBe(role.metadata.namespace);
    expect(parsed.options.agents).toEqual([]);
    expect(parsed.options.host).toBe("0.0.0.0");
    expect(container.ports).toEqual([
      { name: "http", containerPort: parsed.options.port, protocol: "TCP" },
    ]);
    const service = find("Service") as unknown as {
      spec: { selector: Record<string, string>; ports: { port: number; targetPort: string }[] };
    };
    expect(service.spec.ports[0]?.targetPort).toBe("http");
    expect(service.spec.ports[0]?.port).toBe(80);
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    expect(deployment.spec.template.metadata.labels).toMatchObject(
      deployment.spec.selector.matchLabels,
    );
  });

  it("are hardened: non-root, read-only root filesystem, no privilege escalation, no capabilities", () => {
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    });
  });

  it("use the image the Dockerfile builds (package version) and its numeric non-root user", () => {
    const version = (JSON.parse(read("package.json")) as { version: string }).version;
    expect(container.image).toBe(`tetragon-dashboard:${version}`);
    const dockerfile = read("Dockerfile");
    expect(dockerfile).toContain(`docker build -t tetragon-dashboard:${version} .`);
    expect(dockerfile).toMatch(/^FROM node:24-[\w-]+$/m);
    const user = /^USER (\d+):(\d+)$/m.exec(dockerfile);
    expect(user).not.toBeNull();
    expect(pod.securityContext["runAsUser"]).toBe(Number(user![1]));
    expect(Number(user![1])).toBeGreaterThan(0);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "dist-server\/server\/main\.js"\]$/m);
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile);
    const cmdArgs = JSON.parse(cmd![1]!) as string[];
    const parsed = parseCliArgs(cmdArgs, {});
    expect("options" in parsed && parsed.options.kube !== undefined).toBe(true);
  });

  it("probes pass the Host guard; the pod IP as Host and foreign names do not; kubectl port-forward's localhost:8080 does", async () => {
    const gateway = await startGateway({
      agents: [],
      agentSet: new AgentSet(),
      port: 0,
      host: "127.0.0.1",
      log: () => undefined,
    });
    const get = (pathname: string, host: string) =>
      new Promise<number>((resolve, reject) => {
        http
          .get(
            { host: "127.0.0.1", port: gateway.port, path: pathname, headers: { host } },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            },
          )
          .on("error", reject);
      });
    try {
      for (const probe of [container.readinessProbe, container.livenessProbe]) {
        expect(probe.httpGet.port).toBe("http");
        const host = probe.httpGet.httpHeaders.find((h) => h.name === "Host")?.value ?? "";
        expect(await get(probe.httpGet.path, host)).toBe(200);
      }
      expect(await get("/", "localhost:8080")).not.toBe(421);
      expect(await get("/api/status", "10.244.1.7:8080")).toBe(421);
      expect(await get("/api/status", "tetragon-dashboard.kube-system.svc")).toBe(421);
    } finally {
      await gateway.close();
    }
  });
});
