// @vitest-environment jsdom
/**
 * jsdom has no canvas, so uPlot is replaced by a recorder: these tests prove what the strip
 * hands the chart (series, colours, stacked data, when it redraws, when it is destroyed), not
 * the pixels. That uPlot draws under the strict CSP is checked in Chromium (docs/PERFORMANCE.md
 * notes how; an e2e spec comes with the wiring).
 */
import { act, cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RateBuckets, type RateSnapshot } from "./rate-buckets";
import { STATS_REDRAW_MS, StatsStrip } from "./StatsStrip";
import { TopCounts, type TopSnapshot } from "./top-counts";

interface FakePlot {
  opts: { series: { label?: string; fill?: string }[] };
  data: unknown;
  setData: ReturnType<typeof vi.fn>;
  destroyed: boolean;
}
const plots: FakePlot[] = [];

vi.mock("uplot", () => ({
  default: class {
    readonly setData = vi.fn();
    readonly setSize = vi.fn();
    destroyed = false;
    constructor(
      readonly opts: FakePlot["opts"],
      readonly data: unknown,
    ) {
      plots.push(this);
    }
    destroy() {
      this.destroyed = true;
    }
  },
}));

const T = 1_700_000_000_000;

function rateOf(events: [string, number][], now = T + 5_000): RateSnapshot {
  const r = new RateBuckets(300);
  for (const [kind, at] of events) r.record(kind as "exec", at);
  return r.snapshot(now);
}

function topOf(...rows: [string, string, string, string][]): TopSnapshot {
  const t = new TopCounts();
  for (const [binary, pod, namespace, policy] of rows) t.add({ binary, pod, namespace, policy });
  return t.snapshot();
}

const RATE = rateOf([
  ["exec", T],
  ["kprobe", T + 1_000],
  ["kprobe", T + 2_000],
]);
const TOP = topOf(
  ["/usr/bin/curl", "xwing", "default", "observe-net"],
  ["/usr/bin/curl", "xwing", "default", ""],
  ["/bin/sh", "", "kube-system", ""],
);

beforeEach(() => {
  plots.length = 0;
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("StatsStrip", () => {
  it("shows the Event rate region with a stacked chart and its summary in words", () => {
    render(<StatsStrip rate={RATE} top={TOP} onFilter={() => undefined} />);
    const region = screen.getByRole("region", { name: "Event rate" });
    expect(region.textContent).toContain("3 events in 5 min: kprobe 67 %, exec 33 %.");
    expect(plots).toHaveLength(1);
    const plot = plots[0]!;
    expect(plot.opts.series.slice(1).map((s) => [s.label, s.fill])).toEqual([
      ["kprobe", "#0ea5e9"],
      ["exec", "#10b981"],
    ]);
    const [xs, all, execOnly] = plot.data as number[][];
    expect(xs).toHaveLength(300);
    expect(all!.reduce((a, b) => a + b, 0)).toBe(3);
    expect(execOnly!.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it("shows the Top region's bars and filters by the clicked one", async () => {
    const onFilter = vi.fn();
    render(<StatsStrip rate={RATE} top={TOP} onFilter={onFilter} />);
    const top = screen.getByRole("region", { name: "Top" });
    const binaries = within(top).getByRole("list", { name: "Top binaries" });
    expect(
      within(binaries)
        .getAllByRole("button")
        .map((b) => b.getAttribute("aria-label")),
    ).toEqual(["/usr/bin/curl: 2 events", "/bin/sh: 1 events"]);
    await userEvent.click(within(top).getByRole("button", { name: "kube-system: 1 events" }));
    await userEvent.click(within(top).getByRole("button", { name: "observe-net: 1 events" }));
    expect(onFilter.mock.calls).toEqual([
      ["namespace", "kube-system"],
      ["policy", "observe-net"],
    ]);
    expect(within(top).getByRole("list", { name: "Top pods" }).textContent).toContain("xwing");
  });

  it("collapses to nothing drawn and expands again", async () => {
    render(<StatsStrip rate={RATE} top={TOP} onFilter={() => undefined} />);
    const toggle = screen.getByRole("button", { name: /Counts/ });
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    await userEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryByRole("region", { name: "Event rate" })).toBeNull();
    expect(screen.queryByRole("region", { name: "Top" })).toBeNull();
    expect(plots[0]?.destroyed).toBe(true);
    await userEvent.click(toggle);
    expect(screen.getByRole("region", { name: "Top" })).toBeTruthy();
    expect(plots).toHaveLength(2);
  });

  it("redraws at most once per interval, then with the newest snapshot", () => {
    vi.useFakeTimers({ now: T });
    const onFilter = () => undefined;
    const { rerender } = render(<StatsStrip rate={RATE} top={TOP} onFilter={onFilter} />);
    const plot = plots[0]!;
    const calls = () => plot.setData.mock.calls as [number[][]][];
    const before = calls().length;
    /** The same kinds as RATE with `extra` more exec events: totals 4, 5, 6. */
    const snap = (extra: number) =>
      rateOf([
        ["exec", T],
        ["kprobe", T + 1_000],
        ["kprobe", T + 2_000],
        ...Array.from({ length: extra }, (): [string, number] => ["exec", T + 3_000]),
      ]);
    const total = (call: [number[][]] | undefined) =>
      (call?.[0][1] ?? []).reduce((a, b) => a + b, 0);
    act(() => {
      rerender(<StatsStrip rate={snap(1)} top={TOP} onFilter={onFilter} />);
    });
    expect(calls()).toHaveLength(before + 1); // the first change shows at once
    expect(total(calls().at(-1))).toBe(4);
    act(() => {
      rerender(<StatsStrip rate={snap(2)} top={TOP} onFilter={onFilter} />);
      rerender(<StatsStrip rate={snap(3)} top={TOP} onFilter={onFilter} />);
    });
    expect(calls()).toHaveLength(before + 1); // held back within the interval
    act(() => {
      vi.advanceTimersByTime(STATS_REDRAW_MS);
    });
    expect(calls()).toHaveLength(before + 2);
    expect(total(calls().at(-1))).toBe(6); // the newest, not the one held back first
    expect(plots).toHaveLength(1); // same kinds: the chart was updated, not rebuilt
  });

  it("rebuilds the chart when a kind appears and destroys it on unmount", () => {
    const { rerender, unmount } = render(
      <StatsStrip rate={rateOf([["exec", T]])} top={TOP} onFilter={() => undefined} />,
    );
    rerender(<StatsStrip rate={RATE} top={TOP} onFilter={() => undefined} />);
    expect(plots).toHaveLength(2);
    expect(plots[0]?.destroyed).toBe(true);
    unmount();
    expect(plots[1]?.destroyed).toBe(true);
  });

  it("renders hostile values as inert text", () => {
    const evil = '<img src=x onerror="alert(1)">\u202Egnp.exe';
    render(<StatsStrip rate={RATE} top={topOf([evil, evil, "", ""])} onFilter={() => undefined} />);
    const top = screen.getByRole("region", { name: "Top" });
    expect(top.querySelector("img")).toBeNull();
    expect(top.textContent).toContain('<img src=x onerror="alert(1)">⟨U+202E⟩gnp.exe');
  });
});
