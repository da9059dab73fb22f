import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderWithQuery, stubFetch } from "@/test/support/dom";
import type { InboxRequestPage, InboxRequestView, InboxSummary } from "@/lib/test-inbox/queries";
import { InboxScreen } from "./inbox-screen";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn() }) }));
// The server actions behind Response and Clear inbox are not what this file tests.
vi.mock("@/lib/test-inbox/actions", () => ({ clearInboxAction: vi.fn(), setResponseModeAction: vi.fn() }));

const inbox: InboxSummary = {
  id: "inbox-1",
  connectorId: "connector-1",
  connectorName: "CRM",
  url: "http://127.0.0.1:3000/api/inbox/token",
  responseMode: "always-200",
  requestCount: 70,
};

function request(id: number): InboxRequestView {
  return {
    id,
    receivedAt: "2026-01-05T10:00:00.000Z",
    method: "POST",
    headers: [["x-qualifio-event", `event.${id}`]],
    body: "{}",
    bodyTruncated: false,
    signatures: { qualifio: "valid", standard: "missing" },
    responseStatus: 200,
  };
}

/** The newest `count` of 70 requests (ids 70 down to 1). */
const newest = (count: number): InboxRequestPage => ({
  requests: Array.from({ length: Math.min(count, 70) }, (_, i) => request(70 - i)),
  more: count < 70,
});

describe("InboxScreen", () => {
  const fetchMock = stubFetch((url) => Response.json(newest(Number(url.searchParams.get("limit")))));

  it("shows older requests on demand, up to all the inbox keeps, and then says so", async () => {
    renderWithQuery(<InboxScreen inboxes={[inbox]} selected={inbox} initialPage={newest(50)} />);
    const region = screen.getByRole("region", { name: "Captured requests" });
    expect(region.querySelectorAll("article")).toHaveLength(50);
    expect(screen.getByText("50 requests shown")).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Show older requests" }));
    await waitFor(() => expect(screen.getByText("70 requests shown · all this inbox keeps (the last 500)")).toBeTruthy());
    expect(region.querySelectorAll("article")).toHaveLength(70);
    expect(fetchMock.mock.calls.map(([url]) => url)).toContain("/api/test-inboxes/inbox-1/requests?limit=100");
    expect(screen.queryByRole("button", { name: "Show older requests" })).toBeNull();
  });
});
