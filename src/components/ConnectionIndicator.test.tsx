// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConnectionIndicator } from "./ConnectionIndicator";

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("ConnectionIndicator", () => {
  it("shows the reconnect countdown with its reason", () => {
    // A frozen clock: "4 s" must not depend on how long the render takes.
    const now = Date.UTC(2026, 0, 1);
    vi.useFakeTimers({ now });
    render(
      <ConnectionIndicator
        state={{
          phase: "reconnecting",
          attempt: 2,
          delayMs: 4000,
          retryAtMs: now + 4000,
          reason: "gateway unavailable",
        }}
        status={{ agents: [], error: "" }}
      />,
    );
    expect(screen.getByRole("status", { name: "Connection" }).textContent).toMatch(
      /Reconnecting in 4 s \(attempt 2\): gateway unavailable/,
    );
  });

  it("lists agents that are not connected, with their reason", () => {
    render(
      <ConnectionIndicator
        state={{ phase: "live", sinceMs: 0 }}
        status={{
          error: "",
          agents: [
            {
              address: "unix:///var/run/tetragon/tetragon.sock",
              nodeName: "",
              state: "reconnecting",
              reason: "Since Tetragon 1.7 the Helm chart serves gRPC on a unix socket",
              retryInMs: 2000,
              attempt: 1,
              eventsPerSec: 0,
              gaps: [],
            },
          ],
        }}
      />,
    );
    const agents = screen.getByRole("list", { name: "Agents" });
    expect(agents.textContent).toMatch(/reconnecting \(retry in 2 s\): Since Tetragon 1\.7/);
  });

  it("names each cluster agent's pod and transport, with why in the tooltip", () => {
    render(
      <ConnectionIndicator
        state={{ phase: "live", sinceMs: 0 }}
        status={{
          error: "",
          agents: [
            {
              address: "kind-worker",
              nodeName: "kind-worker",
              state: "connected",
              reason: "",
              retryInMs: 0,
              attempt: 0,
              eventsPerSec: 20,
              gaps: [],
              pod: "kube-system/tetragon-x2fh6",
              transport: "exec",
              transportReason: "nothing listens on TCP port 54321 in the pod",
            },
            {
              address: "kind-control-plane",
              nodeName: "kind-control-plane",
              state: "connected",
              reason: "",
              retryInMs: 0,
              attempt: 0,
              eventsPerSec: 20,
              gaps: [],
              pod: "kube-system/tetragon-b9dab",
              transport: "port-forward",
              transportReason: "the agent serves gRPC on TCP port 54321 in the pod",
            },
          ],
        }}
      />,
    );
    const [exec, forwarded] = screen.getByRole("list", { name: "Agents" }).querySelectorAll("li");
    expect(exec?.textContent).toBe("kind-worker [pod tetragon-x2fh6 via exec]: connected");
    expect(exec?.getAttribute("title")).toBe("nothing listens on TCP port 54321 in the pod");
    expect(forwarded?.textContent).toBe(
      "kind-control-plane [pod tetragon-b9dab via port-forward]: connected",
    );
  });
});
