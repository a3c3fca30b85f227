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
    for (const name of ["Pod", "Namespace", "Binary", "Event type", "Search"]) {
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
});
