import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { renderWithQuery, stubFetch } from "@/test/support/dom";
import { AlertBell } from "./alert-bell";

// The server action is the boundary: the real one needs a session and a database.
const markAlertsReadAction = vi.hoisted(() => vi.fn());
vi.mock("@/lib/alerts/actions", () => ({ markAlertsReadAction }));

function alert(id: string, unread: boolean) {
  return {
    id,
    kind: "connector.failing",
    message: `Connector ${id} is failing`,
    createdAt: "2026-01-05T10:00:00.000Z",
    unread,
    connector: { id: `connector-${id}`, name: `Receiver ${id}`, deleted: false },
    destination: null,
  };
}

/** What /api/alerts answers: the test sets it, fetch is the only network boundary. */
let answer: { status: number; body: unknown };
const renderBell = () => renderWithQuery(<AlertBell />);

/** The bell once the first answer is in: before that it is disabled. */
async function readyBell(name: string) {
  const bell = await screen.findByRole("button", { name });
  await waitFor(() => expect(bell.hasAttribute("disabled")).toBe(false));
  return bell;
}

describe("AlertBell", () => {
  const fetchMock = stubFetch(() => Response.json(answer.body, { status: answer.status }));
  beforeEach(() => markAlertsReadAction.mockReset());

  it("is disabled until the first answer, then shows the unread count", async () => {
    answer = { status: 200, body: { unread: 2, alerts: [alert("a", true), alert("b", true)] } };
    renderBell();
    expect(screen.getByRole("button", { name: "Notifications" }).hasAttribute("disabled")).toBe(true);
    const bell = await screen.findByRole("button", { name: "Notifications, 2 unread" });
    expect(bell.hasAttribute("disabled")).toBe(false);
    expect(screen.getByTestId("alert-bell-count").textContent).toBe("2");
    expect(fetchMock).toHaveBeenCalledWith("/api/alerts", expect.objectContaining({ headers: { accept: "application/json" } }));
  });

  it("opening marks the alerts read and refetches them, keeping their dots while open", async () => {
    answer = { status: 200, body: { unread: 2, alerts: [alert("a", true), alert("b", true)] } };
    markAlertsReadAction.mockImplementation(async () => {
      answer = { status: 200, body: { unread: 0, alerts: [alert("a", false), alert("b", false)] } };
      return { ok: true, data: undefined };
    });
    renderBell();
    fireEvent.click(await readyBell("Notifications, 2 unread"));

    expect(markAlertsReadAction).toHaveBeenCalledOnce();
    // The action's success invalidates the query: the bell asks again and the count goes.
    await screen.findByRole("button", { name: "Notifications" });
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(screen.queryByTestId("alert-bell-count")).toBeNull();
    const list = screen.getByRole("list", { name: "Alerts" });
    expect(within(list).getAllByText("Unread:")).toHaveLength(2);
    expect(within(list).getByRole("link", { name: "Receiver a" }).getAttribute("href")).toBe("/integrations/connectors/connector-a");
  });

  it("does not mark anything read when nothing is unread", async () => {
    answer = { status: 200, body: { unread: 0, alerts: [alert("a", false)] } };
    renderBell();
    fireEvent.click(await readyBell("Notifications"));
    await screen.findByRole("list", { name: "Alerts" });
    expect(markAlertsReadAction).not.toHaveBeenCalled();
    expect(screen.queryByText("Unread:")).toBeNull();
  });

  it("shows the server's error in the popover when the alerts cannot be read", async () => {
    answer = { status: 503, body: { error: { message: "The database is not answering." } } };
    renderBell();
    fireEvent.click(await readyBell("Notifications"));
    expect((await screen.findByRole("alert")).textContent).toBe("The database is not answering.");
  });
});
