import { describe, expect, it } from "vitest";
import { exportFileName } from "./ExportMenu";

describe("exportFileName", () => {
  it("stamps the UTC time without characters file systems reject", () => {
    expect(exportFileName(Date.UTC(2024, 4, 1, 12, 3, 4, 567), "csv")).toBe(
      "tetragon-events-2024-05-01T12-03-04Z.csv",
    );
    expect(exportFileName(0, "jsonl")).toBe("tetragon-events-1970-01-01T00-00-00Z.jsonl");
  });
});
