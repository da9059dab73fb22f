import { describe, expect, it } from "vitest";
import { deliveryColumns } from "@/lib/delivery/logs/columns";
import { csvHeader } from "@/lib/delivery/logs/csv";
import { deliveryTableColumns } from "./columns";

describe("the Event logs table's columns", () => {
  it("are the labelled CSV columns, with their ids and headers, in the CSV's order", () => {
    const table = deliveryTableColumns(0).map(({ id, header }) => [id, header]);
    expect(table).toEqual(deliveryColumns.flatMap((c) => ("label" in c ? [[c.id, c.label]] : [])));
    expect(table.map(([, header]) => header)).toEqual(["Time", "Event", "Program", "Connector", "Member", "Status", "HTTP", "Attempts", "Duration"]);
    // Each shown id is a CSV header, in the same relative order.
    const csv = csvHeader.trim().split(",");
    const positions = table.map(([id]) => csv.indexOf(id as string));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});
