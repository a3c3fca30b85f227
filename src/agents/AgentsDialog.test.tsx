// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AgentInfoApi, CallResult } from "../ingest/agent-info-client";
import type { AgentHealthView, AgentInfoView } from "../decode/agent-info";
import type { TracingPolicyView } from "../decode/tracing-policies";
import type { AgentStatusView } from "../protocol/protocol";
import { AgentsButton } from "./AgentsButton";
import type { AgentEntry } from "./AgentsDialog";

afterEach(cleanup);

const INFO: AgentInfoView = {
  name: "tetragon",
  version: "v1.5.0",
  build: { goVersion: "go1.24.4", commit: "4fbfe2d", time: "", modified: "false" },
  probes: [
    { name: "lsm", enabled: true },
    { name: "override_return", enabled: false },
  ],
  options: [{ key: "enable-ancestors", value: { kind: "string", value: "" } }],
  settings: [{ label: "Ancestors", key: "enable-ancestors", on: false, text: "off" }],
  notes: [
    {
      id: "ancestors-off",
      severity: "warning",
      text: "Ancestors are disabled on this agent (enable-ancestors): trees are built from the buffer only.",
    },
  ],
};

const policy = (name: string, extra: Partial<TracingPolicyView> = {}): TracingPolicyView => ({
  id: "1",
  name,
  namespace: "",
  domain: "",
  info: "",
  sensors: ["generic_kprobe"],
  state: { label: "enabled", tone: "ok" },
  mode: { label: "monitor", tone: "muted" },
  error: "",
  kernelMemoryBytes: 1_572_864n,
  filterId: "0",
  hooks: [],
  actions: [{ action: "post", count: 12n }],
  selectors: [],
  ...extra,
});

interface AgentAnswers {
  version?: CallResult<string>;
  health?: CallResult<AgentHealthView>;
  info?: CallResult<AgentInfoView>;
  policies?: CallResult<readonly TracingPolicyView[]>;
}

/** An AgentInfoApi answering from a table; a missing answer stays pending until aborted. */
function fakeApi(answers: Record<string, AgentAnswers>) {
  const signals: AbortSignal[] = [];
  const calls: string[] = [];
  const answer =
    <K extends keyof AgentAnswers>(method: K) =>
    (agent: string, signal: AbortSignal) => {
      signals.push(signal);
      calls.push(`${method} ${agent}`);
      const a = answers[agent]?.[method];
      if (a !== undefined) return Promise.resolve(a as NonNullable<AgentAnswers[K]>);
      return new Promise<never>((_resolve, reject) => {
        signal.addEventListener("abort", () => {
          reject(new Error("aborted"));
        });
      });
    };
  const api: AgentInfoApi = {
    version: answer("version"),
    health: answer("health"),
    info: answer("info"),
    policies: answer("policies"),
  };
  return { api, signals, calls };
}

const WORKER: AgentStatusView = {
  address: "10.0.0.7:54321",
  nodeName: "kind-worker",
  state: "connected",
  reason: "",
  retryInMs: 0,
  attempt: 0,
  eventsPerSec: 12.34,
  gaps: [],
};
const EXEC_ONLY: AgentEntry = {
  address: "kind-worker2 (pod tetragon-x2fh6)",
  nodeName: "kind-worker2",
  state: "reconnecting",
  reason: "pod not ready",
  eventsPerSec: 0,
  lastError: "Unavailable: connection refused",
  pod: "kube-system/tetragon-x2fh6",
  transport: "exec",
};

const OK: AgentAnswers = {
  version: { ok: true, value: "v1.5.0" },
  health: { ok: true, value: { state: "running", details: ["running"] } },
  info: { ok: true, value: INFO },
  policies: {
    ok: true,
    value: [
      policy("broken-policy", {
        state: { label: "load error", tone: "error" },
        error: 'failed to load: symbol "nope" not found',
      }),
      policy("observe-files"),
    ],
  },
};
const UNIMPLEMENTED: CallResult<never> = {
  ok: false,
  error:
    "Unimplemented: agent kind-worker2 is reached through exec that carries only the event stream",
};

function open(agents: readonly AgentEntry[], api: AgentInfoApi, statusError?: string) {
  const onPolicyFilter = vi.fn<(name: string) => void>();
  render(
    <AgentsButton
      agents={agents}
      api={api}
      onPolicyFilter={onPolicyFilter}
      {...(statusError === undefined ? {} : { statusError })}
    />,
  );
  return { onPolicyFilter, button: screen.getByRole("button", { name: "Agents" }) };
}

describe("AgentsButton and AgentsDialog", () => {
  it("opens a dialog named Agents listing what the gateway says of each agent", async () => {
    const { api } = fakeApi({});
    const { button } = open([WORKER, EXEC_ONLY], api);
    expect(screen.queryByRole("dialog")).toBeNull();
    await userEvent.click(button);
    const dialog = screen.getByRole("dialog", { name: "Agents" });
    const worker = within(dialog).getByRole("region", { name: "Agent kind-worker" });
    expect(worker.textContent).toContain("10.0.0.7:54321");
    expect(worker.textContent).toContain("connected");
    expect(worker.textContent).toContain("12.3 events/s");
    const other = within(dialog).getByRole("region", { name: "Agent kind-worker2" });
    for (const text of [
      "kube-system/tetragon-x2fh6",
      "exec",
      "reconnecting",
      "pod not ready",
      "Unavailable: connection refused",
    ]) {
      expect(other.textContent).toContain(text);
    }
    expect(within(worker).getByText("GetInfo: loading…")).toBeTruthy();
  });

  it("shows version, health, settings, notes, probes and policies once they arrive", async () => {
    const { api, calls } = fakeApi({ [WORKER.address]: OK });
    await userEvent.click(open([WORKER], api).button);
    const card = screen.getByRole("region", { name: "Agent kind-worker" });
    await within(card).findByText(/^Ancestors are disabled on this agent/);
    expect(card.textContent).toContain("v1.5.0");
    expect(card.textContent).toContain("running: running");
    const probes = within(card).getByRole("list", { name: "Kernel probes" });
    expect(within(probes).getByText("(off)").parentElement?.textContent).toBe(
      "override_return (off)",
    );
    const policies = within(card).getByRole("list", { name: "Tracing policies" });
    const names = within(policies)
      .getAllByRole("button")
      .map((b) => b.textContent);
    expect(names).toEqual(["broken-policy", "observe-files"]);
    expect(policies.textContent).toContain('Error: failed to load: symbol "nope" not found');
    expect(policies.textContent).toContain("kernel memory 1.5 MiB");
    expect(policies.textContent).toContain("actions: post 12");
    // One call per method, with the agent's gateway name (the tetragon-agent header value).
    expect([...calls].sort()).toEqual([
      "health 10.0.0.7:54321",
      "info 10.0.0.7:54321",
      "policies 10.0.0.7:54321",
      "version 10.0.0.7:54321",
    ]);
  });

  it("shows each agent's failures beside the other agent's answers", async () => {
    const { api } = fakeApi({
      [WORKER.address]: OK,
      [EXEC_ONLY.address]: {
        version: UNIMPLEMENTED,
        health: UNIMPLEMENTED,
        info: UNIMPLEMENTED,
        policies: UNIMPLEMENTED,
      },
    });
    await userEvent.click(open([WORKER, EXEC_ONLY], api).button);
    const other = screen.getByRole("region", { name: "Agent kind-worker2" });
    await within(other).findByText(/^GetInfo failed: Unimplemented: agent kind-worker2/);
    expect(within(other).getByText(/^ListTracingPolicies failed: Unimplemented/)).toBeTruthy();
    const worker = screen.getByRole("region", { name: "Agent kind-worker" });
    await within(worker).findByRole("list", { name: "Tracing policies" });
    expect(worker.textContent).not.toMatch(
      /(GetVersion|GetHealth|GetInfo|ListTracingPolicies) failed/,
    );
  });

  it("filters by a policy when its name is clicked, closing the dialog", async () => {
    const { api } = fakeApi({ [WORKER.address]: OK });
    const { onPolicyFilter, button } = open([WORKER], api);
    await userEvent.click(button);
    await userEvent.click(
      await screen.findByRole("button", { name: "Filter by policy observe-files" }),
    );
    expect(onPolicyFilter.mock.calls).toEqual([["observe-files"]]);
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it("closes with Escape and with the close button, aborting calls in flight", async () => {
    const { api, signals } = fakeApi({});
    const { button } = open([WORKER], api);
    await userEvent.click(button);
    expect(signals).toHaveLength(4);
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(signals.every((s) => s.aborted)).toBe(true);
    await userEvent.click(button);
    await userEvent.click(screen.getByRole("button", { name: "Close agents" }));
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("reloads one agent's details on request", async () => {
    const { api, calls } = fakeApi({ [WORKER.address]: OK });
    await userEvent.click(open([WORKER], api).button);
    await screen.findByRole("list", { name: "Tracing policies" });
    await userEvent.click(screen.getByRole("button", { name: "Reload details" }));
    await waitFor(() => {
      expect(calls.filter((c) => c.startsWith("policies"))).toHaveLength(2);
    });
    await screen.findByRole("list", { name: "Tracing policies" });
  });

  it("says when the gateway reports no agent, and when its status is stale", async () => {
    const { api } = fakeApi({});
    await userEvent.click(open([], api, "gateway unavailable: fetch failed").button);
    expect(screen.getByText("The gateway has not reported any agent yet.")).toBeTruthy();
    expect(screen.getByRole("alert").textContent).toContain("gateway unavailable: fetch failed");
  });

  it("renders hostile policy names and errors as inert text", async () => {
    const evil = '<img src=x onerror="alert(1)">\u202Etxt.exe';
    const { api } = fakeApi({
      [WORKER.address]: {
        ...OK,
        policies: { ok: true, value: [policy(evil, { error: "<script>alert(2)</script>" })] },
      },
    });
    const { onPolicyFilter } = open([WORKER], api);
    await userEvent.click(screen.getByRole("button", { name: "Agents" }));
    const button = await screen.findByRole("button", { name: /^Filter by policy / });
    expect(button.textContent).toBe('<img src=x onerror="alert(1)">⟨U+202E⟩txt.exe');
    const dialog = screen.getByRole("dialog");
    expect(dialog.querySelector("img, script")).toBeNull();
    await userEvent.click(button);
    // The filter gets the name as the agent sent it, so it matches the events' policy_name.
    expect(onPolicyFilter).toHaveBeenCalledWith(evil);
  });
});
