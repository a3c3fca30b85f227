// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { NO_AGENT_FILTER } from "../tetra/agent-filter.js";
import type { AgentFilterLists } from "../tetra/agent-filter.js";
import { ActiveAgentFilter } from "./ActiveAgentFilter";
import { AgentFilterPanel } from "./AgentFilterPanel";
import { EMPTY_FILTERS } from "./filter-spec";

afterEach(cleanup);

function renderPanel(value: AgentFilterLists = NO_AGENT_FILTER) {
  const onApply = vi.fn();
  const copyText = vi.fn<(text: string) => Promise<void>>(() => Promise.resolve());
  render(
    <AgentFilterPanel
      value={value}
      onApply={onApply}
      viewFilters={{ ...EMPTY_FILTERS, binary: "curl" }}
      copyText={copyText}
    />,
  );
  fireEvent.click(screen.getByRole("button", { name: "Agent filter" }));
  return { onApply, copyText, apply: () => screen.getByRole("button", { name: "Apply" }) };
}

describe("AgentFilterPanel", () => {
  it("opens from the Agent filter button and applies a new allow filter", () => {
    const { onApply, apply } = renderPanel();
    expect(screen.getByRole("dialog", { name: "Agent filter" })).toBeTruthy();
    expect((apply() as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Add allow filter" }));
    fireEvent.change(screen.getByLabelText("Allow 1 Pod"), { target: { value: "^xwing$" } });
    fireEvent.change(screen.getByLabelText("Allow 1 Event types"), {
      target: { value: "exec, kprobe" },
    });
    fireEvent.click(apply());
    expect(onApply).toHaveBeenCalledWith({
      allow: [{ eventSet: ["PROCESS_EXEC", "PROCESS_KPROBE"], podRegex: ["^xwing$"] }],
      deny: [],
    });
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("shows an invalid field inline, in a message line that is always there, and blocks Apply", () => {
    const { onApply, apply } = renderPanel();
    fireEvent.click(screen.getByRole("button", { name: "Add deny filter" }));
    const pod = screen.getByLabelText("Deny 1 Pod");
    const message = document.getElementById(pod.getAttribute("aria-describedby") ?? "");
    expect(message?.textContent).toBe("");
    expect(pod.getAttribute("title")).toMatch(/RE2 pattern on the pod name/);
    fireEvent.change(pod, { target: { value: "(xwing" } });
    expect(pod.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(pod.getAttribute("aria-describedby") ?? "")).toBe(message);
    expect(message?.textContent).toMatch(/invalid pattern: missing closing \)/);
    expect((apply() as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(apply());
    expect(onApply).not.toHaveBeenCalled();
    fireEvent.change(pod, { target: { value: "(xwing)" } });
    expect(message?.textContent).toBe("");
    expect((apply() as HTMLButtonElement).disabled).toBe(false);
  });

  it("checks CEL and label selectors before sending", () => {
    renderPanel();
    fireEvent.click(screen.getByRole("button", { name: "Add allow filter" }));
    const cel = screen.getByLabelText("Allow 1 CEL");
    fireEvent.change(cel, { target: { value: "process_exec.process.nope == 'x'" } });
    expect(document.getElementById(cel.getAttribute("aria-describedby")!)?.textContent).toMatch(
      /undefined field 'nope'/,
    );
    const labels = screen.getByLabelText("Allow 1 Pod labels");
    fireEvent.change(labels, { target: { value: "app in (" } });
    expect(labels.getAttribute("aria-invalid")).toBe("true");
  });

  it("edits the filter in force, and Cancel leaves it alone", () => {
    const value = { allow: [], deny: [{ namespace: ["kube-system"] }] };
    const { onApply } = renderPanel(value);
    expect(screen.getByLabelText<HTMLTextAreaElement>("Deny 1 Namespace").value).toBe(
      "kube-system",
    );
    fireEvent.click(screen.getByRole("button", { name: "Remove Deny 1" }));
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(onApply).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "Agent filter" }));
    expect(screen.getByLabelText("Deny 1 Namespace")).toBeTruthy();
  });

  it("applies the presets", () => {
    const { onApply, apply } = renderPanel();
    fireEvent.click(screen.getByRole("button", { name: "Hide kube-system" }));
    fireEvent.click(screen.getByRole("button", { name: "Hide health checks" }));
    fireEvent.click(apply());
    expect(onApply).toHaveBeenCalledWith({
      allow: [],
      deny: [{ namespace: ["kube-system"] }, { healthCheck: true }],
    });
  });

  it("leaves out empty filters (an empty deny filter would drop everything)", () => {
    const { onApply, apply } = renderPanel({ allow: [{ podRegex: ["a"] }], deny: [] });
    fireEvent.click(screen.getByRole("button", { name: "Add deny filter" }));
    expect((apply() as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText("Allow 1 Pod"), { target: { value: "b" } });
    fireEvent.click(apply());
    expect(onApply).toHaveBeenCalledWith({ allow: [{ podRegex: ["b"] }], deny: [] });
  });

  it("copies the tetra command and the request JSON, and says what has no flag", async () => {
    const value = { allow: [{ namespace: ["default"] }], deny: [{ podRegex: ["x"] }] };
    const { copyText } = renderPanel(value);
    expect(screen.getByRole("list", { name: "No tetra flag for" }).textContent).toMatch(
      /deny_list/,
    );
    fireEvent.click(screen.getByRole("button", { name: "Copy as tetra command" }));
    expect(copyText).toHaveBeenCalledWith(
      "tetra getevents -o compact --namespace=default --process=curl",
    );
    await waitFor(() => {
      expect(screen.getByRole("status").textContent).toBe("Command copied");
    });
    fireEvent.click(screen.getByRole("button", { name: "Copy as GetEventsRequest JSON" }));
    expect(JSON.parse(copyText.mock.calls.at(-1)![0])).toEqual({
      allowList: [{ namespace: ["default"] }],
      denyList: [{ podRegex: ["x"] }],
    });
  });
});

describe("ActiveAgentFilter", () => {
  it("summarises the filter in force as text", () => {
    render(
      <ActiveAgentFilter
        value={{
          allow: [{ podRegex: ["^xwing$"] }, { namespace: [""] }],
          deny: [{ namespace: ["kube-system"], healthCheck: true }],
        }}
      />,
    );
    expect(screen.getByRole("status", { name: "Agent filter in force" }).textContent).toBe(
      "Agent: allow (pod_regex ^xwing$) or (namespace (host)) · deny namespace kube-system & health_check true",
    );
  });

  it("shows nothing when the agents send everything", () => {
    const { container } = render(<ActiveAgentFilter value={NO_AGENT_FILTER} />);
    expect(container.textContent).toBe("");
  });
});
