import { describe, expect, test } from "vitest";
import { LabelSelectorError, parseLabelSelector } from "./label-selector.js";

const labels = {
  app: "payments-api",
  tier: "backend",
  "app.kubernetes.io/name": "payments-api",
  replicas: "3",
};
const sel = (s: string) => parseLabelSelector(s)(labels);

describe("Kubernetes label selectors", () => {
  test.each([
    ["app=payments-api", true],
    ["app==payments-api", true],
    ["app=frontend", false],
    ["app!=frontend", true],
    ["app!=payments-api", false],
    ["missing!=x", true],
    ["app in (frontend, payments-api)", true],
    ["app in (frontend,redis)", false],
    ["app notin (frontend,redis)", true],
    ["missing notin (a)", true],
    ["tier", true],
    ["missing", false],
    ["!missing", true],
    ["!tier", false],
    ["app=payments-api,tier=backend", true],
    ["app=payments-api, tier=web", false],
    ["app.kubernetes.io/name=payments-api", true],
    ["replicas>2", true],
    ["replicas<3", false],
    ["app>2", false],
    ["", true],
    ["  app = payments-api ,  !missing  ", true],
    ["app=", false],
  ])("%s -> %s", (selector, expected) => {
    expect(sel(selector)).toBe(expected);
  });

  test("an empty value matches a label that is set to the empty string", () => {
    expect(parseLabelSelector("app=")({ app: "" })).toBe(true);
  });

  test.each([
    "app in (a,b",
    "app in ()",
    "app in a",
    "app=a=b",
    "app=a,",
    "=a",
    "bad key=a",
    "app=has space",
    "app!",
    "replicas>x",
    "-app=a",
    "app=a b",
  ])("rejects %j with a readable error", (selector) => {
    expect(() => parseLabelSelector(selector)).toThrow(LabelSelectorError);
  });
});
