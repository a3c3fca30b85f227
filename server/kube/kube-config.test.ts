import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kubeconfigYaml } from "../testing/fake-kube/fake-cluster.js";
import { loadKubeConfig } from "./kube-config.js";

let dir: string;
let configA: string;
let configB: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "kubeconfig-test-"));
  configA = path.join(dir, "a.yaml");
  configB = path.join(dir, "b.yaml");
  await writeFile(
    configA,
    kubeconfigYaml("https://127.0.0.1:6443", "/nonexistent/ca.crt", "t", "kube-system"),
  );
  // A second file with differently named entries, as a merged KUBECONFIG list would have.
  await writeFile(
    configB,
    kubeconfigYaml("https://127.0.0.1:7443", "/nonexistent/ca.crt", "t", "default")
      .replace(/\bfake\b/g, "other")
      .replace(/\belsewhere\b/g, "elsewhere-b")
      .replace(/fake-user/g, "other-user"),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("loadKubeConfig (the way kubectl finds credentials)", () => {
  it("KUBECONFIG: the current context of the first file", () => {
    const loaded = loadKubeConfig({ env: { KUBECONFIG: configA } });
    expect("error" in loaded ? loaded.error : loaded.server).toBe("https://127.0.0.1:6443");
  });

  it("KUBECONFIG list: merged, missing files skipped, --context picks from any file", () => {
    const loaded = loadKubeConfig({
      env: { KUBECONFIG: [path.join(dir, "missing"), configA, configB].join(path.delimiter) },
      context: "other",
    });
    if ("error" in loaded) throw new Error(loaded.error);
    expect(loaded.context).toBe("other");
    expect(loaded.server).toBe("https://127.0.0.1:7443");
  });

  it("~/.kube/config when KUBECONFIG is unset", async () => {
    const home = path.join(dir, "home");
    await mkdir(path.join(home, ".kube"), { recursive: true });
    await writeFile(
      path.join(home, ".kube", "config"),
      kubeconfigYaml("https://127.0.0.1:9443", "/x", "t", "ns"),
    );
    const loaded = loadKubeConfig({ env: { HOME: home } });
    expect("error" in loaded ? loaded.error : loaded.source).toBe(
      path.join(home, ".kube", "config"),
    );
  });

  it("no credentials anywhere: one line saying where it looked and what to do", () => {
    const loaded = loadKubeConfig({ env: { HOME: path.join(dir, "nobody") } });
    expect("error" in loaded && loaded.error).toMatch(
      /no Kubernetes credentials found: set KUBECONFIG, create ~\/\.kube\/config/,
    );
  });

  it("KUBECONFIG naming only missing files is an error, not a silent fallback", () => {
    const loaded = loadKubeConfig({ env: { KUBECONFIG: path.join(dir, "nope") } });
    expect("error" in loaded && loaded.error).toContain("KUBECONFIG names no file that exists");
  });

  it("an unknown --context lists the contexts there are", () => {
    const loaded = loadKubeConfig({ env: { KUBECONFIG: configA }, context: "prod" });
    expect("error" in loaded && loaded.error).toBe(
      `--context "prod" is not in KUBECONFIG ${configA} (contexts: fake, elsewhere).`,
    );
  });

  it("a file that is not a kubeconfig is one line", async () => {
    const bad = path.join(dir, "bad.yaml");
    await writeFile(bad, "clusters: [ this is: not yaml");
    const loaded = loadKubeConfig({ env: { KUBECONFIG: bad } });
    expect("error" in loaded && loaded.error).toMatch(/^--kube: cannot read the kubeconfig: /);
  });
});
