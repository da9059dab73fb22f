import { describe, expect, it } from "vitest";
import { validateIngestBody } from "@/lib/events/ingest";
import { nextEvents, type DemoMember } from "./traffic";

describe("demo traffic", () => {
  it("plays a program whose every event passes ingest validation, with consistent balances", () => {
    const members: DemoMember[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < 600; i++) {
      for (const event of nextEvents(members)) {
        const result = validateIngestBody(event);
        expect(result, `${event.type}: ${JSON.stringify(!result.ok && result.issues)}`).toMatchObject({ ok: true });
        seen.add(event.type);
        if ("balance" in event.data) expect(event.data.balance).toBe(event.member.pointsBalance);
        if (event.type === "level.changed") expect(event.data.newLevel).toBe(event.member.level);
      }
    }
    expect([...seen].sort()).toEqual(
      ["identifier.added", "level.changed", "points.burned", "points.credited", "points.debited", "points.earned", "profile.created", "reward.offered"],
    );
  });
});
