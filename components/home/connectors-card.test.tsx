import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ConnectorListItem } from "@/lib/connectors/queries";
import { ConnectorsCard } from "./connectors-card";

const at = new Date("2026-12-04T09:12:00Z");

function connector(name: string, overrides: Partial<ConnectorListItem> = {}): ConnectorListItem {
  return { id: `id-${name}`, name, active: true, disabledReason: null, createdAt: at, updatedAt: at, notificationHost: "crm.example", attention: null, ...overrides };
}

describe("ConnectorsCard", () => {
  it("names every connector in trouble with what is wrong and a link to it, and counts them", () => {
    render(
      <ConnectorsCard
        connectors={[
          connector("Healthy"),
          connector("Failing CRM", { attention: { kind: "failing", since: at, consecutiveFailures: 8 } }),
          connector("Old CRM", { active: false, disabledReason: "Turned off automatically: down", attention: { kind: "turned-off", reason: "Turned off automatically: down" } }),
        ]}
      />,
    );
    expect(screen.getByText("2 active, 1 off. 2 need attention.")).toBeTruthy();
    const items = screen.getAllByRole("listitem");
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toMatch(/^Failing CRM: Failing since .+, 8 consecutive failures\.$/);
    expect(screen.getByRole("link", { name: "Failing CRM" }).getAttribute("href")).toBe("/integrations/connectors/id-Failing CRM");
    expect(items[1]!.textContent).toBe("Old CRM: Turned off automatically: down.");
    expect(screen.queryByText("No connector needs attention.")).toBeNull();
  });

  it("says so when no connector needs attention", () => {
    render(<ConnectorsCard connectors={[connector("Healthy"), connector("Idle", { active: false })]} />);
    expect(screen.getByText("1 active, 1 off.")).toBeTruthy();
    expect(screen.getByRole("link", { name: "No connector needs attention." }).getAttribute("href")).toBe("/integrations/connectors");
  });
});
