// @vitest-environment jsdom
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { memoryProcessLookups } from "../decode/process-lookups-memory";
import { buildProcessTree } from "../model/process-tree";
import { toRowView } from "../decode/to-row";
import { loadRealEvents, REAL_EVENTS_SKIP } from "../testing/real-events";
import { execOf, family, proc, rowsOf, wideFamily } from "../testing/synthetic-tree";
import { ProcessTree } from "./ProcessTree";

afterEach(cleanup);

const f = family();
const lookups = memoryProcessLookups(f.rows);

function renderTree(execId: string, l = lookups) {
  const onSelectProcess = vi.fn<(execId: string) => void>();
  render(<ProcessTree tree={buildProcessTree(execId, l)} onSelectProcess={onSelectProcess} />);
  return { onSelectProcess, tree: screen.getByRole("tree", { name: "Process tree" }) };
}

describe("ProcessTree", () => {
  it("shows ancestors, the process and its children as levels of an ARIA tree", () => {
    const { tree } = renderTree(f.bash.execId);
    const items = within(tree).getAllByRole("treeitem");
    expect(items.map((i) => [i.getAttribute("aria-label"), i.getAttribute("aria-level")])).toEqual([
      ["containerd-shim (pid 100), running", "1"],
      ["bash (pid 200), running", "2"],
      ["curl (pid 301), exited 0 after 1.2 s", "3"],
      ["cat (pid 302), killed by SIGKILL after 500 ms", "3"],
      ["sh (pid 303), running", "3"],
      ["nc (pid 304), running", "4"],
    ]);
    const bash = items[1]!;
    expect(bash.getAttribute("aria-selected")).toBe("true");
    expect(bash.getAttribute("aria-expanded")).toBe("true");
    expect(items[2]!.getAttribute("aria-expanded")).toBeNull();
    expect(items[2]!.getAttribute("aria-selected")).toBe("false");
  });

  it("shows binary, arguments, pid and exit in the row's text", () => {
    const { tree } = renderTree(f.bash.execId);
    const curl = within(tree).getByRole("treeitem", { name: /^curl/ });
    expect(curl.textContent).toContain("/usr/bin/curl");
    expect(curl.textContent).toContain("https://ebpf.io");
    expect(curl.textContent).toContain("pid 301");
    expect(curl.textContent).toContain("exited 0 after 1.2 s");
  });

  it("selects the clicked process, once, even when it is nested", async () => {
    const { tree, onSelectProcess } = renderTree(f.bash.execId);
    await userEvent.click(within(tree).getByText("/usr/bin/nc"));
    expect(onSelectProcess.mock.calls).toEqual([[f.nc.execId]]);
  });

  it("moves with the arrow keys, selects with Enter, collapses and expands", async () => {
    const { tree, onSelectProcess } = renderTree(f.bash.execId);
    const bash = within(tree).getByRole("treeitem", { name: /^bash/ });
    expect(bash.tabIndex).toBe(0);
    bash.focus();
    await userEvent.keyboard("{ArrowDown}");
    const curl = within(tree).getByRole("treeitem", { name: /^curl/ });
    expect(document.activeElement).toBe(curl);
    expect(curl.tabIndex).toBe(0);
    await userEvent.keyboard("{Enter}");
    expect(onSelectProcess).toHaveBeenLastCalledWith(f.curl.execId);
    await userEvent.keyboard("{ArrowLeft}");
    expect(document.activeElement).toBe(bash);
    await userEvent.keyboard("{ArrowLeft}");
    expect(bash.getAttribute("aria-expanded")).toBe("false");
    expect(within(tree).queryByRole("treeitem", { name: /^curl/ })).toBeNull();
    await userEvent.keyboard("{ArrowRight}");
    expect(bash.getAttribute("aria-expanded")).toBe("true");
    await userEvent.keyboard("{End}");
    expect(document.activeElement?.getAttribute("aria-label")).toMatch(/^nc /);
    await userEvent.keyboard("{Home}");
    expect(document.activeElement?.getAttribute("aria-label")).toMatch(/^containerd-shim /);
  });

  it("says how many children are folded", () => {
    const w = wideFamily(30);
    const { tree } = renderTree(w.parent.execId, memoryProcessLookups(w.rows));
    const more = within(tree).getByText("… 18 more children");
    expect(more.closest('[role="treeitem"]')?.getAttribute("aria-level")).toBe("2");
  });

  it("names a parent outside the buffer by its exec_id", () => {
    const orphan = proc("b3JwaGFu", "Z29uZQ==", "/usr/bin/orphan", 9, 0);
    const { tree } = renderTree(orphan.execId, memoryProcessLookups(rowsOf([execOf(orphan)])));
    const gone = within(tree).getByRole("treeitem", { name: "exec_id Z29uZQ==, not in buffer" });
    expect(gone.textContent).toContain("not in buffer");
  });

  it("renders hostile binaries and arguments as inert, visible text", () => {
    const evil = proc(
      "ZXZpbA==",
      "",
      '/tmp/<img src=x onerror="alert(1)">\u202Eexe.sh',
      66,
      0,
      "<script>alert(2)</script>\u001b[31m",
    );
    const { tree } = renderTree(evil.execId, memoryProcessLookups(rowsOf([execOf(evil)])));
    expect(tree.querySelector("img, script")).toBeNull();
    expect(tree.textContent).toContain('/tmp/<img src=x onerror="alert(1)">⟨U+202E⟩exe.sh');
    expect(tree.textContent).toContain("<script>alert(2)</script>␛[31m");
  });
});

const real = loadRealEvents() ?? [];
describe.skipIf(real.length === 0)(
  `ProcessTree on real events ${real.length ? "" : REAL_EVENTS_SKIP}`,
  () => {
    it("shows the real sh with its children cat and nc", () => {
      const rows = real.map((e, i) => ({ row: toRowView(e.res, i + 1), raw: e.res }));
      const sh = rows.find((r) => r.row.kind === "exec" && r.row.pid === 38312)!;
      const { tree } = renderTree(sh.row.execId, memoryProcessLookups(rows));
      const shItem = within(tree).getByRole("treeitem", {
        name: "sh (pid 38312), exited 0 after 1.3 s",
      });
      const group = within(shItem).getByRole("group");
      expect(
        within(group)
          .getAllByRole("treeitem")
          .map((i) => i.getAttribute("aria-label")),
      ).toEqual(["cat (pid 38313), exited 0 after 1 ms", "nc (pid 38314), exited 0 after 1.3 s"]);
    });
  },
);
