import { describe, expect, it } from "vitest";
import { diff } from "./service";

describe("audit diff", () => {
  it("keeps only changed fields", () => {
    expect(diff({ name: "A", url: "x" }, { name: "B", url: "x" })).toEqual({ name: { before: "A", after: "B" } });
  });

  it("records a secret change without its value", () => {
    const changes = diff({ secret: "old-secret-value" }, { secret: "new-secret-value" }, ["secret"]);
    expect(changes).toEqual({ secret: { before: "[redacted]", after: "[redacted]" } });
    expect(diff<Record<string, unknown>>({ secret: null }, { secret: "new" }, ["secret"])).toEqual({ secret: { before: null, after: "[redacted]" } });
  });

  it("handles creation and deletion", () => {
    expect(diff(null, { name: "A" })).toEqual({ name: { before: null, after: "A" } });
    expect(diff({ name: "A" }, null)).toEqual({ name: { before: "A", after: null } });
  });
});
