// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ConnectionIndicator } from "./ConnectionIndicator";

afterEach(cleanup);

describe("ConnectionIndicator", () => {
  it("shows the reconnect countdown with its reason", () => {
    render(
      <ConnectionIndicator
        state={{
          phase: "reconnecting",
          attempt: 2,
          delayMs: 4000,
          retryAtMs: Date.now() + 4000,
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
