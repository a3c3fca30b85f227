// @vitest-environment jsdom
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { memoryProcessLookups } from "../decode/process-lookups-memory";
import { family } from "../testing/synthetic-tree";
import { ProcessEvents } from "./ProcessEvents";

afterEach(cleanup);

const f = family();
const lookups = memoryProcessLookups(f.rows);

describe("ProcessEvents", () => {
  it("lists the process's events in time order with kind and summary", () => {
    render(<ProcessEvents events={lookups.events(f.curl.execId, 50)} />);
    const items = within(screen.getByRole("list", { name: "Process events" })).getAllByRole(
      "listitem",
    );
    expect(items).toHaveLength(4);
    expect(items.map((i) => i.textContent)).toEqual([
      expect.stringMatching(/🚀 process.*\/usr\/bin\/curl https:\/\/ebpf\.io$/),
      expect.stringMatching(/open/),
      expect.stringMatching(/connect/),
      expect.stringMatching(/💥 exit.*\/usr\/bin\/curl https:\/\/ebpf\.io 0$/),
    ]);
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("selects an event by its seq and marks the selected one", async () => {
    const events = lookups.events(f.curl.execId, 50);
    const onSelectEvent = vi.fn<(seq: number) => void>();
    const exit = events.items[3]!;
    render(<ProcessEvents events={events} selectedSeq={exit.seq} onSelectEvent={onSelectEvent} />);
    const buttons = screen.getAllByRole("button");
    await userEvent.click(buttons[1]!);
    expect(onSelectEvent.mock.calls).toEqual([[events.items[1]!.seq]]);
    const current = screen.getAllByRole("listitem").filter((li) => li.getAttribute("aria-current"));
    expect(current).toHaveLength(1);
    expect(current[0]!.textContent).toContain("exit");
  });

  it("says how many events are not listed past the limit", () => {
    render(<ProcessEvents events={lookups.events(f.curl.execId, 1)} />);
    expect(screen.getAllByRole("listitem")).toHaveLength(1);
    expect(screen.getByText("… 3 more events of this process not listed")).toBeTruthy();
  });

  it("says so when the buffer holds none", () => {
    render(<ProcessEvents events={{ items: [], total: 0 }} />);
    expect(screen.getByText("No events of this process are in the buffer.")).toBeTruthy();
    expect(screen.queryByRole("list")).toBeNull();
  });
});
