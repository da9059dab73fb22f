import { describe, expect, it } from "vitest";
import { exactTime, formatDateTime, formatDuration, formatPercent, formatUtc, relativeTime } from "./format";

describe("format", () => {
  const at = new Date("2026-11-28T07:44:08Z");

  it("writes times in UTC, saying so", () => {
    expect(formatDateTime(at)).toBe("28 Nov 2026, 07:44 UTC");
    expect(exactTime(at.toISOString())).toBe("28 Nov 2026, 07:44:08 UTC");
    expect(exactTime(null)).toBe("—");
    expect(formatUtc(at, "date")).toBe("28 Nov 2026");
    expect(formatUtc(at, "time")).toBe("07:44:08 UTC");
    expect(formatUtc(null)).toBe("Never");
  });

  it("reads relative times both ways", () => {
    const now = at.getTime();
    expect(relativeTime(new Date(now - 2000), now)).toBe("just now");
    expect(relativeTime(new Date(now - 40_000), now)).toBe("40 s ago");
    expect(relativeTime(new Date(now - 3 * 3_600_000), now)).toBe("3 h ago");
    expect(relativeTime(new Date(now + 4 * 60_000), now)).toBe("in 4 min");
  });

  it("never rounds a failure away from a success rate", () => {
    expect(formatPercent(0.9995)).toBe("99.9%");
    expect(formatPercent(1)).toBe("100%");
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(12_345)).toBe("12 s");
  });
});
