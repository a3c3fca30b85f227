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
});
