// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EMPTY_FILTERS } from "./filter-spec";
import { FilterBar } from "./FilterBar";

afterEach(cleanup);

describe("FilterBar", () => {
  it("labels the five inputs and reports changes per field", () => {
    const onChange = vi.fn();
    render(<FilterBar filters={EMPTY_FILTERS} errors={{}} onChange={onChange} onClear={vi.fn()} />);
    for (const name of ["Pod", "Namespace", "Binary", "Event type", "Search", "From", "To"]) {
      expect(screen.getByLabelText(name)).toBeTruthy();
    }
    fireEvent.change(screen.getByLabelText("Binary"), { target: { value: "curl" } });
    expect(onChange).toHaveBeenCalledWith("binary", "curl");
  });

  it("marks an invalid field and points it at its message", () => {
    render(
      <FilterBar
        filters={{ ...EMPTY_FILTERS, pod: "(" }}
        errors={{ pod: "invalid pattern: missing closing )" }}
        onChange={vi.fn()}
        onClear={vi.fn()}
      />,
    );
    const pod = screen.getByLabelText("Pod");
    expect(pod.getAttribute("aria-invalid")).toBe("true");
    const message = document.getElementById(pod.getAttribute("aria-describedby") ?? "");
    expect(message?.textContent).toMatch(/missing closing/);
    expect(screen.getByLabelText("Binary").getAttribute("aria-invalid")).toBe("false");
  });

  it("names the last valid filter that still applies while a field is invalid", () => {
    render(
      <FilterBar
        filters={{ ...EMPTY_FILTERS, eventType: "exec,opn", from: "2026-12-0" }}
        errors={{ eventType: 'unknown event type "opn"', from: "not a time" }}
        kept={{ eventType: "exec", from: "" }}
        onChange={vi.fn()}
        onClear={vi.fn()}
      />,
    );
    const message = (name: string) => {
      const input = screen.getByLabelText(name);
      expect(input.getAttribute("aria-invalid")).toBe("true");
      return document.getElementById(input.getAttribute("aria-describedby") ?? "")?.textContent;
    };
    expect(message("Event type")).toMatch(/"opn".*Showing the last valid filter: exec/);
    expect(message("From")).toMatch(/not a time.*Showing the last valid filter: none/);
  });

  it("offers Event type completions for the last name typed, as options of the input", () => {
    render(
      <FilterBar
        filters={{ ...EMPTY_FILTERS, eventType: "exec,con" }}
        errors={{}}
        onChange={vi.fn()}
        onClear={vi.fn()}
      />,
    );
    const input = screen.getByRole("combobox", { name: "Event type" });
    const list = document.getElementById(input.getAttribute("list") ?? "");
    const values = [...(list?.querySelectorAll("option") ?? [])].map((o) => o.value);
    expect(values).toContain("exec,connect");
  });
});
