/**
 * Throwaway PKI for TLS tests, made with the openssl CLI at test time (node:crypto can parse
 * certificates but not issue them): a CA, a server certificate for the name Tetragon's Helm
 * chart uses (x.tetragon-grpc.cilium.io), a client certificate for mutual TLS, and a second,
 * unrelated CA for the wrong-CA case. Elliptic-curve keys: fast to generate. Files live in a
 * temp folder that `remove()` deletes.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export const tetragonServerName = "x.tetragon-grpc.cilium.io";

export interface TestPki {
  dir: string;
  caFile: string;
  otherCaFile: string;
  serverKey: Buffer;
  serverCert: Buffer;
  ca: Buffer;
  clientKeyFile: string;
  clientCertFile: string;
  remove(): Promise<void>;
}

export function hasOpenssl(): boolean {
  return spawnSync("openssl", ["version"], { stdio: "ignore" }).status === 0;
}

/** openssl wrapped for one folder: EC keys, self-signed CAs, certificates issued by `ca`. */
function opensslIn(dir: string) {
  const f = (name: string): string => path.join(dir, name);
  const ssl = (...args: string[]): void => {
    execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  };
  const key = (name: string): void => {
    ssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", f(name));
  };
  const selfSignedCa = (keyName: string, certName: string, cn: string): void => {
    key(keyName);
    ssl(
      "req",
      "-x509",
      "-new",
      "-key",
      f(keyName),
      "-out",
      f(certName),
      "-days",
      "1",
      "-subj",
      `/CN=${cn}`,
    );
  };
  const issue = (name: string, cn: string, ext: string): void => {
    key(`${name}.key`);
    ssl("req", "-new", "-key", f(`${name}.key`), "-out", f(`${name}.csr`), "-subj", `/CN=${cn}`);
    // `-extfile` needs a file (no process substitution without a shell).
    writeFileSync(f(`${name}.ext`), `${ext}\n`);
    ssl(
      "x509",
      "-req",
      "-in",
      f(`${name}.csr`),
      "-CA",
      f("ca.crt"),
      "-CAkey",
      f("ca.key"),
      "-CAcreateserial",
      "-out",
      f(`${name}.crt`),
      "-days",
      "1",
      "-extfile",
      f(`${name}.ext`),
    );
  };
  return { f, selfSignedCa, issue };
}

export async function makeTestPki(): Promise<TestPki> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tetragon-pki-"));
  const { f, selfSignedCa, issue } = opensslIn(dir);
  selfSignedCa("ca.key", "ca.crt", "tetragon-test-ca");
  selfSignedCa("other-ca.key", "other-ca.crt", "unrelated-ca");
  issue(
    "server",
    tetragonServerName,
    `subjectAltName=DNS:${tetragonServerName}\nextendedKeyUsage=serverAuth`,
  );
  issue("client", "tetragon-dashboard", "extendedKeyUsage=clientAuth");
  return {
    dir,
    caFile: f("ca.crt"),
    otherCaFile: f("other-ca.crt"),
    ca: await readFile(f("ca.crt")),
    serverKey: await readFile(f("server.key")),
    serverCert: await readFile(f("server.crt")),
    clientKeyFile: f("client.key"),
    clientCertFile: f("client.crt"),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface LoopbackPki {
  dir: string;
  caFile: string;
  ca: Buffer;
  serverKey: Buffer;
  serverCert: Buffer;
  remove(): Promise<void>;
}

/** A CA and a server certificate for 127.0.0.1 / localhost (the fake Kubernetes API server). */
export async function makeLoopbackPki(): Promise<LoopbackPki> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "loopback-pki-"));
  const { f, selfSignedCa, issue } = opensslIn(dir);
  selfSignedCa("ca.key", "ca.crt", "fake-kubernetes-ca");
  issue(
    "server",
    "kube-apiserver",
    "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth",
  );
  return {
    dir,
    caFile: f("ca.crt"),
    ca: await readFile(f("ca.crt")),
    serverKey: await readFile(f("server.key")),
    serverCert: await readFile(f("server.crt")),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
