import { describe, expect, it } from "vitest";
import { csvField, csvHeader, csvLines } from "./csv";
import type { DeliveryLogRow } from "./queries";

describe("CSV export", () => {
  it("quotes what needs quoting and defuses spreadsheet formulas", () => {
    expect(csvField(null)).toBe("");
    expect(csvField(404)).toBe("404");
    expect(csvField(true)).toBe("true");
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", bye')).toBe('"say ""hi"", bye"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("=HYPERLINK(\"http://evil\")")).toBe("\"'=HYPERLINK(\"\"http://evil\"\")\"");
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("@sum")).toBe("'@sum");
  });

  it("writes one line per delivery under the header", () => {
    const row: DeliveryLogRow = {
      id: "d1",
      eventId: "e1",
      createdAt: "2025-06-10T12:00:00.000Z",
      eventType: "points.debited",
      eventLabel: "Points changed (-)",
      programId: "p1",
      programName: "Coffee, Club",
      connectorId: "c1",
      connectorName: "CRM",
      connectorDeleted: false,
      memberId: "mbr_1",
      memberEmail: null,
      status: "retrying",
      nextAttemptAt: "2025-06-10T12:05:00.000Z",
      lastStatusCode: 503,
      lastError: "HTTP 503",
      attempts: 2,
      durationMs: 87,
      test: false,
      waitingForDeliveryId: null,
    };
    expect(csvHeader.startsWith("time,delivery_id,event_id,event_type,event,program,connector,")).toBe(true);
    expect(csvLines([row])).toBe(
      '2025-06-10T12:00:00.000Z,d1,e1,points.debited,Points changed (-),"Coffee, Club",CRM,mbr_1,,retrying,2025-06-10T12:05:00.000Z,503,2,87,false,HTTP 503\r\n',
    );
  });
});
