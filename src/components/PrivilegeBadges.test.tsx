// @vitest-environment jsdom
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { PrivilegeBadge } from "../decode/privileges";
import { eventPrivilegeBadges } from "../decode/privileges";
import { loadRealEvents, REAL_EVENTS_SKIP } from "../testing/real-events";
import { PrivilegeBadges } from "./PrivilegeBadges";

afterEach(cleanup);

const badge = (id: string, severity: PrivilegeBadge["severity"] = "high"): PrivilegeBadge => ({
  id,
  kind: "capability",
  severity,
  text: id,
  description: `why ${id}`,
});

describe("PrivilegeBadges", () => {
  it("renders nothing without badges", () => {
    const { container } = render(<PrivilegeBadges badges={[]} />);
    expect(container.innerHTML).toBe("");
  });

  it("names each chip by its text and reason, coloured by severity", () => {
    render(<PrivilegeBadges badges={[badge("CAP_SYS_ADMIN"), badge("CAP_NET_ADMIN", "medium")]} />);
    const list = screen.getByRole("list", { name: "Privileges" });
    const admin = within(list).getByRole("listitem", { name: "CAP_SYS_ADMIN: why CAP_SYS_ADMIN" });
    expect(admin.textContent).toBe("CAP_SYS_ADMIN");
    expect(admin.className).toContain("bg-red-50");
    expect(within(list).getByRole("listitem", { name: /^CAP_NET_ADMIN/ }).className).toContain(
      "bg-amber-50",
    );
  });

  it("folds badges past max into a +N more button that shows them", async () => {
    const many = ["A", "B", "C", "D", "E", "F"].map((id) => badge(id));
    render(<PrivilegeBadges badges={many} max={3} />);
    const more = screen.getByRole("button", { name: "3 more privileges: D, E, F" });
    expect(more.textContent).toBe("+3 more");
    expect(screen.queryByRole("listitem", { name: /^E:/ })).toBeNull();
    await userEvent.click(more);
    expect(screen.getByRole("listitem", { name: "E: why E" })).toBeTruthy();
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("never folds a single badge behind +1 more", () => {
    render(<PrivilegeBadges badges={["A", "B", "C"].map((id) => badge(id))} max={2} />);
    expect(screen.queryByRole("button")).toBeNull();
    expect(screen.getAllByRole("listitem", { name: /: why/ })).toHaveLength(3);
  });

  const nsenter = loadRealEvents()?.find((e) => e.line.includes('"binary":"/usr/bin/nsenter"'));
  it.skipIf(!nsenter)(
    `shows a real privileged process's capabilities, CAP_SYS_ADMIN first ${nsenter ? "" : REAL_EVENTS_SKIP}`,
    () => {
      render(<PrivilegeBadges badges={eventPrivilegeBadges(nsenter!.res)} />);
      const items = screen.getAllByRole("listitem");
      expect(items[0]?.textContent).toBe("CAP_SYS_ADMIN");
      expect(screen.getByRole("button", { name: /more privileges: / })).toBeTruthy();
    },
  );
});
