import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { toast, Toaster } from "@/components/ui/toast";
import type { ConnectorView } from "@/lib/connectors/queries";
import { ConnectorEditor } from "./connector-editor";

// The server actions are the only stand-in: the editor, its sections, the schemas and the form library are real.
const actions = vi.hoisted(() => ({
  updateGeneralAction: vi.fn(),
  updateGlobalVariablesAction: vi.fn(),
  revealSecretAction: vi.fn(),
  rotateSecretAction: vi.fn(),
}));
vi.mock("@/lib/connectors/actions", () => actions);
const inboxActions = vi.hoisted(() => ({ createInboxAction: vi.fn() }));
vi.mock("@/lib/test-inbox/actions", () => inboxActions);

// jsdom has no ResizeObserver; Radix's Checkbox measures itself with one.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

const BAD_NAME = "Use only letters, digits and hyphens (-) in a header name.";

function view(overrides: Partial<ConnectorView> = {}): ConnectorView {
  return {
    id: "5b0c3c52-8f4e-4a8e-9d55-0c6f1c1f7a10",
    name: "CRM",
    description: "",
    notificationUrl: "https://example.com/hook",
    signatureScheme: "qualifio",
    timeoutMs: 5000,
    maxInFlight: 10,
    rateLimitPerSecond: null,
    orderedByMember: false,
    active: false,
    disabledReason: null,
    disabledAt: null,
    createdAt: new Date("2026-01-01T00:00:00Z"),
    updatedAt: new Date("2026-01-01T00:00:00Z"),
    secret: { set: true, hint: "whsec_…a1b2", rotatedAt: null, previousExpiresAt: null },
    authHeader: { name: null, hasValue: false },
    customHeaders: [{ name: "X-Tenant", value: "acme" }],
    ...overrides,
  };
}

function renderEditor(props: { testInboxOn?: boolean } = {}) {
  render(
    <>
      <ConnectorEditor view={view()} canSeeSecrets testInboxOn={props.testInboxOn} />
      <Toaster />
    </>,
  );
  // Radix Tabs switch on mouse down.
  fireEvent.mouseDown(screen.getByRole("tab", { name: "Global variables" }));
}

const nameInput = (row: number) => screen.queryByRole("textbox", { name: `Custom header ${row} name` }) as HTMLInputElement | null;
const valueInput = (row: number) => screen.queryByRole("textbox", { name: `Custom header ${row} value` }) as HTMLInputElement | null;

describe("ConnectorEditor: custom headers", () => {
  beforeEach(() => {
    actions.updateGlobalVariablesAction.mockResolvedValue({ ok: true, data: undefined, message: "Global variables saved." });
  });
  afterEach(() => {
    vi.clearAllMocks();
    vi.restoreAllMocks();
  });

  it("adds and removes rows, and saves what is left", async () => {
    renderEditor();
    expect(nameInput(1)?.value).toBe("X-Tenant");
    expect(valueInput(1)?.value).toBe("acme");
    expect(nameInput(2)).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Add header" }));
    fireEvent.change(nameInput(2)!, { target: { value: "X-Region" } });
    fireEvent.change(valueInput(2)!, { target: { value: "eu" } });
    expect(screen.getByText("Unsaved changes")).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Remove custom header 1" }));
    expect(nameInput(1)?.value).toBe("X-Region");
    expect(nameInput(2)).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(actions.updateGlobalVariablesAction).toHaveBeenCalledTimes(1));
    expect(actions.updateGlobalVariablesAction).toHaveBeenCalledWith(
      expect.objectContaining({
        connectorId: view().id,
        customHeaders: [{ name: "X-Region", value: "eu" }],
      }),
    );
    expect(await screen.findByText("Global variables saved.")).toBeTruthy();
    expect(screen.queryByText("Unsaved changes")).toBeNull();
  });

  it("refuses a bad header name next to it, without calling the server, and forgets the message with the row", async () => {
    renderEditor();
    fireEvent.click(screen.getByRole("button", { name: "Add header" }));
    fireEvent.change(nameInput(2)!, { target: { value: "Bad Header" } });
    fireEvent.change(valueInput(2)!, { target: { value: "x" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));

    const message = await screen.findByText(BAD_NAME);
    expect(nameInput(2)!.getAttribute("aria-invalid")).toBe("true");
    expect(nameInput(2)!.getAttribute("aria-describedby")).toBe(message.id);
    expect(nameInput(1)!.getAttribute("aria-invalid")).toBe("false");
    expect(actions.updateGlobalVariablesAction).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole("button", { name: "Remove custom header 2" }));
    await waitFor(() => expect(screen.queryByText(BAD_NAME)).toBeNull());
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(actions.updateGlobalVariablesAction).toHaveBeenCalledTimes(1));
  });

  it("puts the server's field error on the row it names", async () => {
    actions.updateGlobalVariablesAction.mockResolvedValue({
      ok: false,
      code: "validation",
      message: "Check the highlighted fields.",
      fieldErrors: { "customHeaders.0.name": ["X-Qualifio-Signature is set by the hub itself; choose another header."] },
    });
    // Sonner shows a toast a moment later, so "no toast" is asserted on the call.
    const toastError = vi.spyOn(toast, "error");
    renderEditor();
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Save" })));

    const message = await screen.findByText("X-Qualifio-Signature is set by the hub itself; choose another header.");
    expect(nameInput(1)!.getAttribute("aria-describedby")).toBe(message.id);
    // Shown by its field, so no toast repeats it.
    expect(toastError).not.toHaveBeenCalled();
  });
});

describe("ConnectorEditor: Use a test inbox", () => {
  const INBOX_URL = "http://127.0.0.1:3000/api/inbox/" + "t".repeat(43);

  afterEach(() => vi.clearAllMocks());

  it("fills Notification URL with the connector's inbox and leaves saving to the admin", async () => {
    inboxActions.createInboxAction.mockResolvedValue({ ok: true, data: { id: "i-1", url: INBOX_URL, created: true } });
    renderEditor({ testInboxOn: true });
    fireEvent.click(screen.getByRole("button", { name: "Use a test inbox" }));
    await waitFor(() => expect(screen.getByLabelText("Notification URL")).toHaveProperty("value", INBOX_URL));
    expect(inboxActions.createInboxAction).toHaveBeenCalledWith({ connectorId: view().id });
    expect(screen.getByRole("status").textContent).toContain("Press Save");
    expect(actions.updateGlobalVariablesAction).not.toHaveBeenCalled();
  });

  it("drops the Press Save hint once the inbox URL is saved", async () => {
    actions.updateGlobalVariablesAction.mockResolvedValue({ ok: true, data: undefined, message: "Global variables saved." });
    inboxActions.createInboxAction.mockResolvedValue({ ok: true, data: { id: "i-1", url: INBOX_URL, created: true } });
    renderEditor({ testInboxOn: true });
    fireEvent.click(screen.getByRole("button", { name: "Use a test inbox" }));
    await waitFor(() => expect(screen.getByRole("status").textContent).toContain("Press Save"));

    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.queryByText("Unsaved changes")).toBeNull());
    expect(actions.updateGlobalVariablesAction).toHaveBeenCalledWith(expect.objectContaining({ notificationUrl: INBOX_URL }));
    expect(screen.getByRole("status").textContent).not.toContain("Press Save");
  });

  it("drops the Press Save hint when another URL replaces the inbox's", async () => {
    inboxActions.createInboxAction.mockResolvedValue({ ok: true, data: { id: "i-1", url: INBOX_URL, created: true } });
    renderEditor({ testInboxOn: true });
    fireEvent.click(screen.getByRole("button", { name: "Use a test inbox" }));
    await waitFor(() => expect(screen.getByRole("status").textContent).toContain("Press Save"));

    fireEvent.change(screen.getByLabelText("Notification URL"), { target: { value: "https://example.com/other" } });
    await waitFor(() => expect(screen.getByRole("status").textContent).not.toContain("Press Save"));
  });

  it("is not offered while the test inbox is off", () => {
    renderEditor();
    expect(screen.queryByRole("button", { name: "Use a test inbox" })).toBeNull();
  });
});
