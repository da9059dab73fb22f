import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { TooltipProvider } from "@/components/ui/tooltip";
import { renderWithQuery, stubFetch } from "@/test/support/dom";
import type { InboxRequestPage, InboxRequestView, InboxSummary } from "@/lib/test-inbox/queries";
import { clearInboxAction } from "@/lib/test-inbox/actions";
import { InboxScreen } from "./inbox-screen";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn() }) }));
// The server actions behind Response and Clear inbox are stand-ins: what is tested is when they are called.
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
  kept: 70,
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

  it("clears the inbox only once the dialog, which says how many requests go, is confirmed", async () => {
    vi.mocked(clearInboxAction).mockResolvedValue({ ok: true, data: { id: inbox.id, deleted: 70 }, message: "Inbox cleared." });
    renderWithQuery(<InboxScreen inboxes={[inbox]} selected={inbox} initialPage={newest(50)} />);

    fireEvent.click(screen.getByRole("button", { name: "Clear inbox" }));
    const dialog = screen.getByRole("alertdialog", { name: "Clear the inbox?" });
    expect(dialog.textContent).toContain("Its 70 captured requests are deleted.");
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(clearInboxAction).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole("button", { name: "Clear inbox" }));
    fireEvent.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Clear inbox" }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
    expect(clearInboxAction).toHaveBeenCalledExactlyOnceWith({ inboxId: inbox.id });
  });

  it("shows Clear inbox disabled, with no dialog behind it, to a role that may not clear", () => {
    renderWithQuery(
      <TooltipProvider>
        <InboxScreen inboxes={[inbox]} selected={inbox} initialPage={newest(50)} writeDenied="Admins only." />
      </TooltipProvider>,
    );
    const trigger = screen.getByRole("button", { name: "Clear inbox" });
    expect(trigger.hasAttribute("disabled")).toBe(true);
    expect(trigger.getAttribute("aria-haspopup")).toBeNull();
  });
});
