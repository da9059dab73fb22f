import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderWithQuery, stubFetch } from "@/test/support/dom";
import type { DeliveryLogPage, DeliveryLogRow } from "@/lib/delivery/logs/queries";
import { DeliveryList } from "./delivery-list";

// A row click navigates with the App Router, which is not mounted here.
vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn() }) }));

function row(id: string): DeliveryLogRow {
  return {
    id,
    eventId: `event-${id}`,
    createdAt: "2026-01-05T10:00:00.000Z",
    eventType: "points.earned",
    eventLabel: `Points earned ${id}`,
    programId: "program-1",
    programName: "Coffee club",
    connectorId: "connector-1",
    connectorName: "CRM",
    connectorDeleted: false,
    memberId: "member-1",
    memberEmail: null,
    status: "succeeded",
    nextAttemptAt: null,
    lastStatusCode: 200,
    lastError: null,
    attempts: 1,
    durationMs: 120,
    test: false,
    waitingForDeliveryId: null,
  };
}

const page = (ids: string[], nextCursor: string | null = null): DeliveryLogPage => ({ rows: ids.map(row), nextCursor, truncated: false });

/** /api/event-logs answers by URL; fetch is the only network boundary. */
let answer: (url: URL) => { status: number; body: unknown };

function renderList(initial: DeliveryLogPage, hasConnectors = true) {
  return renderWithQuery(
    <DeliveryList
      view={{ query: "status=succeeded", page: initial, serverNow: Date.parse("2026-01-05T10:01:00.000Z"), hasConnectors }}
      paused={false}
      onTogglePause={() => undefined}
      filtersActive
      rangeLabel="Last 24 hours"
      onClear={() => undefined}
    />,
  );
}

const shownEvents = () => screen.getAllByRole("link", { name: /^Points earned / }).map((a) => a.textContent);

describe("DeliveryList", () => {
  const fetchMock = stubFetch((url) => {
    const { status, body } = answer(url);
    return Response.json(body, { status });
  });

  it("keeps the rows it has and says so when a live refresh fails", async () => {
    answer = () => ({ status: 503, body: { error: { message: "The database is not answering." } } });
    renderList(page(["a", "b"]));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("Live update failed: The database is not answering. Showing the last rows received.");
    expect(shownEvents()).toEqual(["Points earned a", "Points earned b"]);
    expect(fetchMock.mock.calls[0]![0]).toBe("/api/event-logs?status=succeeded");
  });

  it("loads the older page by cursor below the live rows, then refreshes the head through that cursor", async () => {
    answer = (url) => {
      if (url.searchParams.get("before") === "cursor-b") return { status: 200, body: page(["c"]) };
      if (url.searchParams.get("through") === "cursor-b") return { status: 200, body: page(["new", "a", "b"]) };
      return { status: 200, body: page(["a", "b"], "cursor-b") };
    };
    renderList(page(["a", "b"], "cursor-b"));
    fireEvent.click(screen.getByRole("button", { name: "Load older" }));
    // The head now comes from `through`, so a row that arrived on top joins without a gap.
    await waitFor(() => expect(shownEvents()).toEqual(["Points earned new", "Points earned a", "Points earned b", "Points earned c"]));
    const urls = fetchMock.mock.calls.map(([input]) => input);
    expect(urls).toContain("/api/event-logs?status=succeeded&before=cursor-b");
    expect(urls).toContain("/api/event-logs?status=succeeded&through=cursor-b");
    expect(screen.getByText(/4 deliveries shown · end of the log for this range/)).toBeTruthy();
  });

  it("shows why older rows could not be loaded, and keeps the button", async () => {
    answer = (url) =>
      url.searchParams.has("before") ? { status: 401, body: null } : { status: 200, body: page(["a"], "cursor-a") };
    renderList(page(["a"], "cursor-a"));
    fireEvent.click(screen.getByRole("button", { name: "Load older" }));
    expect(await screen.findByText("Your session has ended. Reload the page to sign in again.")).toBeTruthy();
    await waitFor(() => expect(screen.getByRole("button", { name: "Load older" }).hasAttribute("disabled")).toBe(false));
    expect(shownEvents()).toEqual(["Points earned a"]);
  });

  it("points a hub without connectors to setting one up", () => {
    answer = () => ({ status: 200, body: page([]) });
    renderList(page([]), false);
    expect(screen.getByRole("heading", { name: "No connectors yet" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Set up an integration" }).getAttribute("href")).toBe("/integrations/connectors");
  });
});
