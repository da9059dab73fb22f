import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ConnectorListItem } from "@/lib/connectors/queries";
import { ConnectorsTable } from "./connectors-table";

const created = new Date("2026-12-01T08:00:00Z");
const base = { disabledReason: null, createdAt: created, updatedAt: created, notificationHost: null };

describe("ConnectorsTable's status", () => {
  it("puts a Failing badge beside Active while an alert episode is open, and says when the hub turned one off", () => {
    const rows: ConnectorListItem[] = [
      { ...base, id: "a", name: "Failing CRM", active: true, attention: { kind: "failing", since: null, consecutiveFailures: 8 } },
      { ...base, id: "b", name: "Old CRM", active: false, disabledReason: "Turned off automatically: down", attention: { kind: "turned-off", reason: "Turned off automatically: down" } },
      { ...base, id: "c", name: "Healthy CRM", active: true, attention: null },
    ];
    render(<ConnectorsTable connectors={rows} />);
    const status = (name: string) => within(screen.getByRole("row", { name: new RegExp(name) })).getAllByRole("cell")[2]!;
    expect(status("Failing CRM").textContent).toBe("ActiveFailing");
    expect(within(status("Failing CRM")).getByText("Failing").getAttribute("title")).toBe("Failing, 8 consecutive failures.");
    expect(status("Old CRM").textContent).toBe("Turned off automatically");
    expect(status("Healthy CRM").textContent).toBe("Active");
  });
});
