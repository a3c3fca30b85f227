/**
 * Our own JSON lines in the shape older Tetragon agents wrote (no copied data): the event
 * kinds today's API removed (process_connect, process_close, process_listen: a netcat
 * connection to an outside host and an nginx listening socket) and a process_exec whose pod
 * still has the older `labels` list (today `pod_labels`), plus "newer agent" lines: real
 * kinds with fields today's schema does not know, at several depths.
 */
const NODE = "kind-worker";
const execId = (ktime: number, pid: number): string => btoa(`${NODE}:${ktime}:${pid}`);

const POD = {
  namespace: "tenant-jobs",
  name: "crawler-6f8d9c7b55-q2x7k",
  labels: ["k8s:app=crawler", "k8s:io.kubernetes.pod.namespace=tenant-jobs"],
  container: {
    id: "containerd://0c3a9e7d1f2b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5",
    name: "crawler",
    image: {
      id: "ghcr.io/example/crawler@sha256:" + "ab".repeat(32),
      name: "ghcr.io/example/crawler:1.4",
    },
    start_time: "2023-03-14T09:12:01Z",
    pid: 1,
  },
  pod_labels: { app: "crawler", "pod-template-hash": "6f8d9c7b55" },
};

const SHELL = {
  exec_id: execId(712_300_000_000, 20_101),
  pid: 20_101,
  uid: 0,
  cwd: "/usr/src/app",
  binary: "/bin/sh",
  arguments: "-c /usr/src/app/fetch.sh",
  flags: "execve clone",
  start_time: "2023-03-14T09:20:11.104512000Z",
  auid: 4294967295,
  pod: POD,
  docker: "0c3a9e7d1f2b4c5d6e7f8091a2b3c4d",
  parent_exec_id: execId(701_000_000_000, 19_870),
  refcnt: 2,
};

const NETCAT = {
  ...SHELL,
  exec_id: execId(712_300_450_000, 20_102),
  pid: 20_102,
  binary: "/usr/bin/nc",
  arguments: "updates.example.net 443",
  flags: "execve",
  start_time: "2023-03-14T09:20:11.554001000Z",
  parent_exec_id: SHELL.exec_id,
  refcnt: 1,
};

const NGINX = {
  ...SHELL,
  exec_id: execId(650_100_000_000, 311),
  pid: 311,
  cwd: "/",
  binary: "/usr/sbin/nginx",
  arguments: '-g "daemon off;"',
  start_time: "2023-03-14T09:10:00.250000000Z",
  parent_exec_id: execId(650_000_000_000, 1),
};

const line = (value: object): string => JSON.stringify(value);

/** One line per older kind: 2 process_connect, 1 process_close, 1 process_listen. */
export function olderKindLines(): string[] {
  const connect = (time: string, sourcePort: number, cookie: string) =>
    line({
      process_connect: {
        process: NETCAT,
        parent: SHELL,
        source_ip: "10.244.1.17",
        source_port: sourcePort,
        destination_ip: "203.0.113.50",
        destination_port: 443,
        sock_cookie: cookie,
        protocol: "TCP",
      },
      node_name: NODE,
      time,
    });
  return [
    connect("2023-03-14T09:20:11.601200000Z", 41_822, "18446623210745812224"),
    line({
      process_close: {
        process: NETCAT,
        parent: SHELL,
        source_ip: "10.244.1.17",
        source_port: 41_822,
        destination_ip: "203.0.113.50",
        destination_port: 443,
        sock_cookie: "18446623210745812224",
        protocol: "TCP",
        stats: { bytes_sent: "1830", bytes_received: "52211", segs_in: 41, segs_out: 19 },
      },
      node_name: NODE,
      time: "2023-03-14T09:20:14.018730000Z",
    }),
    connect("2023-03-14T09:20:15.200040000Z", 41_830, "18446623210745816320"),
    line({
      process_listen: { process: NGINX, parent: SHELL, ip: "0.0.0.0", port: 80, protocol: "TCP" },
      node_name: NODE,
      time: "2023-03-14T09:10:00.391000000Z",
    }),
  ];
}

/** A process_exec as an older agent wrote it: the pod's `labels` list is gone from the API. */
export function olderExecLine(): string {
  return line({
    process_exec: { process: NETCAT, parent: SHELL },
    node_name: NODE,
    time: "2023-03-14T09:20:11.554001000Z",
  });
}

/**
 * A process_kprobe as a newer agent might write it: unknown keys at the top, in the event,
 * in the process, inside a list element (args) and an unknown enum value.
 */
export function newerKprobeLine(): string {
  const pod = { ...POD, labels: undefined }; // JSON.stringify leaves undefined out
  return line({
    process_kprobe: {
      process: { ...NETCAT, pod, sandbox_id: "sbx-1" },
      parent: { ...SHELL, pod },
      function_name: "tcp_connect",
      args: [
        {
          sock_arg: {
            family: "AF_INET",
            saddr: "10.244.1.17",
            daddr: "203.0.113.50",
            sport: 41_822,
            dport: 443,
            netns_cookie: "99",
          },
        },
      ],
      action: "KPROBE_ACTION_FUTURE",
      policy_name: "connect-outside",
      risk_score: 7,
    },
    node_name: NODE,
    time: "2023-03-14T09:20:11.601100000Z",
    agent_build: { commit: "0000000" },
  });
}
