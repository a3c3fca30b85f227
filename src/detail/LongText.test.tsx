// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { DETAIL_LIMIT, LongText } from "./LongText";

afterEach(cleanup);

describe("LongText", () => {
  it("shows a short value in full, control and bidi characters made visible", () => {
    const { container } = render(<LongText text={"a\u202Eb\u001b[31m"} />);
    expect(container.textContent).toBe("a⟨U+202E⟩b␛[31m");
  });

  it("trims a 1 MiB value to its head with a Show all button, then shows it all in blocks", () => {
    const text = `\u202E${"A".repeat(1024 * 1024)}`;
    const { container } = render(<LongText text={text} />);
    expect(container.textContent.length).toBeLessThan(DETAIL_LIMIT + 100);
    expect(container.textContent.startsWith("⟨U+202E⟩AAA")).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: /Show all \(1,048,577 characters\)/ }));
    const full = container.querySelector('[data-long-text="full"]');
    expect(full?.children.length).toBeGreaterThan(100);
    expect(full?.textContent).toBe(`⟨U+202E⟩${"A".repeat(1024 * 1024)}`);
  });
});
