// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { RawJson } from "./RawJson";

afterEach(cleanup);

describe("RawJson", () => {
  it("shows pretty JSON with real line breaks, hostile characters in values still visible", () => {
    const value = { process: { binary: "/tmp/\u202Eexe.sh", arguments: "a\u200Bb" } };
    const pretty = JSON.stringify(value, null, 2);
    render(<RawJson json={JSON.stringify(value)} pretty={pretty} />);
    const pane = screen.getByRole("region", { name: "Raw JSON" });
    const text = pane.textContent;
    expect(text).not.toContain("␊");
    expect(text.split("\n")).toHaveLength(pretty.split("\n").length);
    expect(text).toContain('"binary": "/tmp/⟨U+202E⟩exe.sh"');
    expect(text).toContain('"arguments": "a⟨U+200B⟩b"');
    expect(text).not.toMatch(/[\u202e\u200b]/u);
  });

  it("keeps control characters of values escaped, as JSON writes them", () => {
    const pretty = JSON.stringify({ args: "x\u001b[31m\ny" }, null, 2);
    render(<RawJson json="{}" pretty={pretty} />);
    const text = screen.getByRole("region", { name: "Raw JSON" }).textContent;
    expect(text).toContain(String.raw`"args": "x\u001b[31m\ny"`);
    expect(text.split("\n")).toHaveLength(3);
  });
});
