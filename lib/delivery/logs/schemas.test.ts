import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/errors";
import { bucketStart, eventLogSearchParams, parseEventLogFilters, parseEventLogQuery, rangeError, resolveRange } from "./schemas";

const CONNECTOR = "5b0c6f1e-8a5d-4c59-9a7e-1f2d3c4b5a69";

describe("parseEventLogFilters", () => {
  it("reads lists written with commas or repeated keys, dropping what it does not know", () => {
    const params = new URLSearchParams("status=failed,bogus&status=retrying&event=points.earned,nope&connector=" + CONNECTOR);
    expect(parseEventLogFilters(params)).toMatchObject({
      status: ["failed", "retrying"],
      event: ["points.earned"],
      connector: CONNECTOR,
      range: "24h",
    });
  });

  it("falls back instead of failing on a hand-edited URL", () => {
    const f = parseEventLogFilters({ connector: "not-a-uuid", program: ["x", "y"], range: "forever", q: "   ", from: "yesterday" });
    expect(f).toEqual({ status: [], event: [], connector: undefined, program: undefined, range: "24h", from: undefined, to: undefined, q: undefined });
  });

  it("treats from/to without a range as a custom range in UTC", () => {
    const f = parseEventLogFilters({ from: "2025-06-01T10:00", to: "2025-06-01T12:30:00+02:00" });
    expect(f.range).toBe("custom");
    expect(f.from?.toISOString()).toBe("2025-06-01T10:00:00.000Z");
    expect(f.to?.toISOString()).toBe("2025-06-01T10:30:00.000Z");
  });

  it("round-trips through the URL, leaving defaults out", () => {
    expect(eventLogSearchParams(parseEventLogFilters({})).toString()).toBe("");
    const query = `status=failed%2Cpending&event=reward.offered&connector=${CONNECTOR}&range=custom&from=2025-06-01T10%3A00&to=2025-06-02T10%3A00&q=ada%40example.com`;
    expect(eventLogSearchParams(parseEventLogFilters(new URLSearchParams(query))).toString()).toBe(query);
  });
});

describe("rangeError and parseEventLogQuery", () => {
  const reversed = new URLSearchParams("range=custom&from=2025-12-06T10%3A00&to=2025-12-05T10%3A00");

  it("refuses a custom range whose To is not after its From, on the To field", () => {
    const from = new Date("2025-12-06T10:00:00Z");
    expect(rangeError({ range: "custom", from, to: new Date("2025-12-05T10:00:00Z") })).toBe("To must be after From.");
    expect(rangeError({ range: "custom", from, to: from })).toBe("To must be after From.");
    expect(rangeError({ range: "custom", from, to: new Date("2025-12-06T10:01:00Z") })).toBeUndefined();
    expect(rangeError({ range: "custom", from })).toBeUndefined();
    expect(rangeError({ range: "24h" })).toBeUndefined();
  });

  it("keeps a reversed range as the page's URL gave it, but the API's query throws a 400 naming To", () => {
    const filters = parseEventLogFilters(reversed);
    expect(filters.from?.toISOString()).toBe("2025-12-06T10:00:00.000Z");
    expect(filters.to?.toISOString()).toBe("2025-12-05T10:00:00.000Z");
    expect(() => parseEventLogQuery(reversed)).toThrow(ValidationError);
    expect(() => parseEventLogQuery(reversed)).toThrow(expect.objectContaining({ fieldErrors: { to: ["To must be after From."] } }));
    expect(parseEventLogQuery(new URLSearchParams("range=custom&from=2025-12-05T10%3A00&to=2025-12-06T10%3A00")).range).toBe("custom");
  });
});

describe("resolveRange", () => {
  const now = new Date("2025-06-10T12:34:56Z");

  it("follows the clock for presets, by the hour up to two days and by the day beyond", () => {
    expect(resolveRange({ range: "24h" }, now)).toEqual({ from: new Date("2025-06-09T12:34:56Z"), to: now, openEnded: true, unit: "hour" });
    expect(resolveRange({ range: "7d" }, now).unit).toBe("day");
    expect(resolveRange({ range: "30d" }, now).unit).toBe("day");
  });

  it("bounds a custom range below and leaves reversed bounds reversed, covering nothing", () => {
    const to = new Date("2025-06-05T00:00:00Z");
    expect(resolveRange({ range: "custom", to }, now)).toMatchObject({ from: new Date("2025-05-06T00:00:00Z"), to, openEnded: false });
    const from = new Date("2025-06-01T00:00:00Z");
    expect(resolveRange({ range: "custom", from: to, to: from }, now)).toMatchObject({ from: to, to: from });
    expect(resolveRange({ range: "custom", from: new Date("2024-01-01T00:00:00Z") }, now)).toMatchObject({ openEnded: true, unit: "week" });
  });

  it("starts buckets where Postgres' date_trunc does (weeks on Monday)", () => {
    const sunday = new Date("2025-06-08T18:20:00Z");
    expect(bucketStart(sunday, "hour").toISOString()).toBe("2025-06-08T18:00:00.000Z");
    expect(bucketStart(sunday, "day").toISOString()).toBe("2025-06-08T00:00:00.000Z");
    expect(bucketStart(sunday, "week").toISOString()).toBe("2025-06-02T00:00:00.000Z");
  });
});
