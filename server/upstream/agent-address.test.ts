import { describe, expect, it } from "vitest";
import { parseAgentAddress, parseHostPort } from "./agent-address.js";

describe("parseAgentAddress", () => {
  it("reads host:port, [v6]:port and unix sockets", () => {
    expect(parseAgentAddress("localhost:54321")).toEqual({
      kind: "tcp",
      host: "localhost",
      port: 54321,
      display: "localhost:54321",
    });
    expect(parseAgentAddress("[::1]:54321")).toMatchObject({
      kind: "tcp",
      host: "::1",
      port: 54321,
    });
    expect(parseAgentAddress("unix:///var/run/tetragon/tetragon.sock")).toEqual({
      kind: "unix",
      path: "/var/run/tetragon/tetragon.sock",
      display: "unix:///var/run/tetragon/tetragon.sock",
    });
    expect(parseAgentAddress("unix:/run/t.sock")).toEqual({
      kind: "unix",
      path: "/run/t.sock",
      display: "unix:///run/t.sock",
    });
  });

  it.each(["localhost", ":54321", "::1:54321", "h:port", "h:99999", "unix://rel.sock"])(
    "rejects %s",
    (raw) => {
      expect(parseAgentAddress(raw)).toHaveProperty("error");
    },
  );

  it("parses listen addresses", () => {
    expect(parseHostPort("0.0.0.0:8080")).toEqual({ host: "0.0.0.0", port: 8080 });
  });
});
