import { describe, expect, it } from "vitest";
import { splitForMiddleEllipsis } from "./middle-ellipsis";

describe("splitForMiddleEllipsis", () => {
  it("keeps the part that tells two pods of one ReplicaSet apart", () => {
    const a = splitForMiddleEllipsis("payments-api-kkncl8vgvf-x2fh6");
    const b = splitForMiddleEllipsis("payments-api-kkncl8vgvf-pngfc");
    expect(a).toEqual({ head: "payments-api-kkncl8vgvf", tail: "-x2fh6" });
    expect(b.tail).toBe("-pngfc");
    expect(a.head).toBe(b.head);
  });

  it("keeps the node's own suffix and a binary's file name", () => {
    // Nodes of one pool share "-4c9a7b1e": the instance suffix is what differs.
    expect(splitForMiddleEllipsis("gke-john-632-default-pool-4c9a7b1e-zx8q").tail).toBe("-zx8q");
    expect(splitForMiddleEllipsis("kind-control-plane-worker2").tail).toBe("-worker2");
    expect(splitForMiddleEllipsis("/usr/local/lib/python3/bin/gunicorn").tail).toBe("/gunicorn");
  });

  it("extends a very short last part to the one before it", () => {
    expect(splitForMiddleEllipsis("some-statefulset-database-0").tail).toBe("-database-0");
  });

  it("keeps the end of a name without separators near its end", () => {
    const name = "a".repeat(30) + "bcdefghijk";
    expect(splitForMiddleEllipsis(name)).toEqual({ head: "a".repeat(30), tail: "bcdefghijk" });
  });

  it("leaves short names whole and loses no character", () => {
    expect(splitForMiddleEllipsis("kind-worker")).toEqual({ head: "", tail: "kind-worker" });
    expect(splitForMiddleEllipsis("")).toEqual({ head: "", tail: "" });
    for (const name of ["payments-api-kkncl8vgvf-x2fh6", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p"]) {
      const { head, tail } = splitForMiddleEllipsis(name);
      expect(head + tail).toBe(name);
    }
  });

  it("never splits a surrogate pair", () => {
    const name = "x".repeat(25) + "😀".repeat(6);
    const { head, tail } = splitForMiddleEllipsis(name);
    expect(head + tail).toBe(name);
    const first = tail.charCodeAt(0);
    expect(first < 0xdc00 || first > 0xdfff).toBe(true);
  });
});
