import { describe, expect, it } from "vitest";
import { bodyDiff, diffStats, prettyJson } from "./resend-diff";

describe("bodyDiff", () => {
  const original = JSON.stringify([{ id: "e-1", data: { points: 120, balance: 1840, note: "a" } }]);

  it("is empty when the bodies are the same JSON, whatever the spacing", () => {
    expect(bodyDiff(original, JSON.stringify(JSON.parse(original), null, 4))).toEqual([]);
  });

  it("shows the changed field as one removed and one added line, with context", () => {
    const edited = original.replace('"points":120', '"points":999');
    const [hunk, ...rest] = bodyDiff(original, edited);
    expect(rest).toHaveLength(0);
    expect(hunk!.header).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@$/);
    const changed = hunk!.lines.filter((l) => l.kind !== "context");
    expect(changed).toEqual([
      { kind: "removed", text: '      "points": 120,' },
      { kind: "added", text: '      "points": 999,' },
    ]);
    expect(hunk!.lines.some((l) => l.kind === "context" && l.text.includes('"balance": 1840'))).toBe(true);
    expect(diffStats([hunk!])).toEqual({ added: 1, removed: 1 });
  });

  it("keeps a long body's distant changes in separate hunks", () => {
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i]));
    const edited = { ...many, k1: "one", k38: "thirty-eight" };
    expect(bodyDiff(JSON.stringify(many), JSON.stringify(edited))).toHaveLength(2);
  });

  it("diffs text that is not JSON as it is", () => {
    expect(prettyJson("not json")).toBe("not json\n");
    expect(diffStats(bodyDiff("a", "b"))).toEqual({ added: 1, removed: 1 });
  });
});
