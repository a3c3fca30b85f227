import { describe, expect, it } from "vitest";
import { checkRequest, createHostPolicy, hostNameOf } from "./host-origin.js";

describe("hostNameOf", () => {
  it.each([
    ["localhost:8080", "localhost"],
    ["LOCALHOST", "localhost"],
    ["[::1]:8080", "[::1]"],
    ["example.com.", "example.com"],
    ["a b", undefined],
    ["x:y", undefined],
    ["[::1", undefined],
    ["evil.example@localhost", undefined],
  ])("%s → %s", (input, expected) => {
    expect(hostNameOf(input)).toBe(expected);
  });
});

describe("checkRequest", () => {
  const policy = createHostPolicy(["dash.example", "::2"], ["http://localhost:5173"]);

  it("accepts loopback names and extra hosts on any port", () => {
    for (const host of ["localhost:1", "127.0.0.1:8080", "[::1]", "dash.example:9", "[::2]:80"]) {
      expect(checkRequest({ host }, policy)).toEqual({ ok: true });
    }
  });

  it("reads HTTP/2 :authority", () => {
    expect(checkRequest({ ":authority": "evil.example" }, policy)).toMatchObject({
      ok: false,
      status: 421,
    });
  });

  it("refuses missing or foreign Host with 421", () => {
    expect(checkRequest({}, policy)).toMatchObject({ ok: false, status: 421 });
    expect(checkRequest({ host: "127.0.0.2" }, policy)).toMatchObject({ ok: false, status: 421 });
  });

  it("accepts same-origin and listed origins, refuses others with 403", () => {
    expect(
      checkRequest({ host: "localhost:8080", origin: "http://localhost:8080" }, policy),
    ).toEqual({ ok: true });
    expect(
      checkRequest({ host: "localhost:8080", origin: "http://localhost:5173" }, policy),
    ).toEqual({ ok: true });
    for (const origin of ["http://localhost:8081", "null", "http://evil.example", "file://x"]) {
      expect(checkRequest({ host: "localhost:8080", origin }, policy)).toMatchObject({
        ok: false,
        status: 403,
      });
    }
  });
});
