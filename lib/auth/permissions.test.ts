import { describe, expect, it } from "vitest";
import { can, deniedReason, permissions } from "./permissions";

describe("permission table", () => {
  it("gives admins everything", () => {
    for (const p of Object.keys(permissions) as (keyof typeof permissions)[]) expect(can("admin", p)).toBe(true);
  });

  it("keeps marketers read-only and away from secrets, users and the audit log", () => {
    const marketer = (Object.keys(permissions) as (keyof typeof permissions)[]).filter((p) => can("marketer", p));
    expect(marketer.sort()).toEqual(
      ["connectors.read", "event-catalog.read", "event-logs.read", "programs.read", "push-rules.read"].sort(),
    );
  });

  it("refuses a missing role and explains why a control is disabled", () => {
    expect(can(undefined, "connectors.read")).toBe(false);
    expect(deniedReason("marketer", "connectors.write")).toBe("Only admins can do this.");
    expect(deniedReason("admin", "connectors.write")).toBeUndefined();
  });
});
