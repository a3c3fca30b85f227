import { describe, expect, it } from "vitest";
import { resolveGatewayUrl } from "./gateway-url";

describe("resolveGatewayUrl", () => {
  it("defaults to the page's origin", () => {
    expect(resolveGatewayUrl("http://127.0.0.1:8080/?pod=x", undefined)).toEqual({
      baseUrl: "http://127.0.0.1:8080",
      warning: "",
    });
  });

  it("takes ?gateway= over the build variable", () => {
    const r = resolveGatewayUrl(
      "http://localhost:5173/?gateway=https%3A%2F%2Fenvoy.example%2Fgrpc%2F",
      "http://other:9",
    );
    expect(r.baseUrl).toBe("https://envoy.example/grpc");
    expect(resolveGatewayUrl("http://localhost:5173/", "http://other:9/").baseUrl).toBe(
      "http://other:9",
    );
  });

  it("rejects non-http(s) overrides with a warning", () => {
    const r = resolveGatewayUrl("http://localhost:8080/?gateway=javascript:alert(1)", undefined);
    expect(r.baseUrl).toBe("http://localhost:8080");
    expect(r.warning).toMatch(/Ignored \?gateway=/);
  });
});
