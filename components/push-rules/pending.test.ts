import { describe, expect, it } from "vitest";
import { ruleKey } from "@/lib/push-rules/schemas";
import { cellState, countLabel, withAdded, withRemoved, withoutChange, type Rule } from "./pending";

const P = "00000000-0000-4000-8000-000000000001";
const C = "00000000-0000-4000-8000-000000000002";
const earned: Rule = { programId: P, eventType: "points.earned", connectorId: C };
const offered: Rule = { programId: P, eventType: "reward.offered", connectorId: C };
const saved = new Set([ruleKey(earned)]);

describe("pending push rule changes", () => {
  it("adds only rules that are not saved or pending already", () => {
    const once = withAdded([], [earned, offered], saved);
    expect(once).toEqual([{ ...offered, kind: "add" }]);
    expect(withAdded(once, [offered], saved)).toBe(once);
  });

  it("removing a pending addition drops it; removing a saved rule queues a removal", () => {
    const added = withAdded([], [offered], saved);
    expect(withRemoved(added, [offered], saved)).toEqual([]);
    expect(withRemoved([], [earned], saved)).toEqual([{ ...earned, kind: "remove" }]);
    expect(withRemoved([], [offered], saved)).toEqual([]);
  });

  it("adding a rule whose removal is pending cancels the removal", () => {
    const removing = withRemoved([], [earned], saved);
    expect(withAdded(removing, [earned], saved)).toEqual([]);
  });

  it("derives each cell's state and the count", () => {
    const changes = withAdded(withRemoved([], [earned], saved), [offered], saved);
    expect(cellState(ruleKey(earned), changes, saved)).toBe("removing");
    expect(cellState(ruleKey(offered), changes, saved)).toBe("adding");
    expect(cellState(ruleKey(offered), withoutChange(changes, ruleKey(offered)), saved)).toBe("empty");
    expect(cellState(ruleKey(earned), [], saved)).toBe("saved");
    expect([0, 1, 2].map(countLabel)).toEqual(["No unsaved changes", "1 unsaved change", "2 unsaved changes"]);
  });
});
