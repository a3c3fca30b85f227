// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { FileSourceState } from "../protocol/protocol";
import { ViewClient } from "../view/worker-client";
import { FakeClock } from "../testing/fake-clock";
import { FileSourceStatus } from "./FileSourceStatus";

afterEach(() => {
  cleanup();
});

const base: FileSourceState = {
  name: "tetragon.log.gz",
  phase: "reading",
  bytesRead: 25,
  totalBytes: 100,
  events: 1234,
  summary: "",
  problems: [],
  problemCount: 0,
  error: "",
};

function clientWith(state: FileSourceState | null): ViewClient {
  const client = new ViewClient({
    baseUrl: "http://gw",
    capacity: 10,
    bench: false,
    frames: new FakeClock(),
  });
  client.fileSource.set(state);
  return client;
}

describe("FileSourceStatus", () => {
  it("shows nothing before a file is opened", () => {
    const { container } = render(<FileSourceStatus client={clientWith(null)} refused="" />);
    expect(container.textContent).toBe("");
  });

  it("while reading: the file as the source, a progress bar and the count so far", () => {
    render(<FileSourceStatus client={clientWith(base)} refused="" />);
    expect(screen.getByRole("status").textContent).toContain("file: tetragon.log.gz");
    expect(screen.getByRole("status").textContent).toContain("reading… 25%, 1,234 events");
    const bar = screen.getByLabelText("Reading log file");
    expect(bar.getAttribute("value")).toBe("25");
    expect(bar.getAttribute("max")).toBe("100");
  });

  it("when read: the count, the warning line and every listed line by number", () => {
    const state: FileSourceState = {
      ...base,
      phase: "done",
      bytesRead: 100,
      summary: "read 32 events; 2 lines not events (first: line 5: not valid JSON)",
      problems: [
        { line: 5, reason: "not valid JSON" },
        { line: 10, reason: "process_connect: an older Tetragon event kind" },
      ],
      problemCount: 2,
    };
    render(<FileSourceStatus client={clientWith(state)} refused="" />);
    expect(screen.getByRole("status").textContent).toContain("1,234 events read");
    expect(screen.queryByLabelText("Reading log file")).toBeNull();
    expect(screen.getByLabelText("Log reading warnings").textContent).toContain(
      "first: line 5: not valid JSON",
    );
    expect(screen.getAllByRole("listitem", { hidden: true }).map((li) => li.textContent)).toEqual([
      "line 5: not valid JSON",
      "line 10: process_connect: an older Tetragon event kind",
    ]);
  });

  it("a failed read says why and how far it got; a refusal is an alert; names are shown as text", () => {
    const state: FileSourceState = {
      ...base,
      name: "evil\u202e.log",
      phase: "failed",
      events: 3,
      error: "gzip: unexpected EOF (the file is corrupt or cut short)",
    };
    render(
      <FileSourceStatus
        client={clientWith(state)}
        refused="another log file is still being read"
      />,
    );
    expect(screen.getByRole("status").textContent).toContain(
      "reading stopped after 3 events: gzip: unexpected EOF",
    );
    expect(screen.getByRole("status").textContent).not.toContain("\u202e");
    expect(screen.getByRole("alert").textContent).toBe(
      "Open log: another log file is still being read",
    );
  });
});
