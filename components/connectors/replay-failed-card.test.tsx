import { fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { toast, Toaster } from "@/components/ui/toast";
import { ReplayFailedCard } from "./replay-failed-card";

// The server actions are the only stand-in: the card, its toasts and the toaster are real.
const actions = vi.hoisted(() => ({ countFailedSinceAction: vi.fn(), replayFailedBatchAction: vi.fn() }));
vi.mock("@/lib/delivery/logs/replay-actions", () => actions);

const CONNECTOR_ID = "5b0c3c52-8f4e-4a8e-9d55-0c6f1c1f7a10";

/** Replays one batch of `replayed` deliveries of which `succeeded` were accepted, and returns the kind of toast saying `message`. */
async function toastAfterReplay(replayed: number, succeeded: number, message: string) {
  // At least one to replay, or the button stays disabled; another tab may have replayed them meanwhile.
  actions.countFailedSinceAction.mockResolvedValue({ ok: true, data: Math.max(replayed, 1) });
  actions.replayFailedBatchAction.mockResolvedValue({ ok: true, data: { replayed, succeeded, done: true } });
  render(
    <>
      <ReplayFailedCard connectorId={CONNECTOR_ID} />
      <Toaster />
    </>,
  );
  const button = await screen.findByRole("button", { name: /^Replay \d+ failed/ });
  fireEvent.click(button);
  return (await screen.findByText(message)).closest("[data-sonner-toast]")?.getAttribute("data-type");
}

describe("ReplayFailedCard: the outcome toast", () => {
  afterEach(() => {
    toast.dismiss();
    vi.clearAllMocks();
  });

  it("is a success when every replay succeeded", async () => {
    expect(await toastAfterReplay(2, 2, "Replayed 2 deliveries: 2 succeeded.")).toBe("success");
  });

  it("is a warning that says how many failed when some did", async () => {
    expect(await toastAfterReplay(7, 0, "Replayed 7 deliveries: 7 failed again, 0 succeeded.")).toBe("warning");
  });

  it("is a warning when only some failed", async () => {
    expect(await toastAfterReplay(3, 2, "Replayed 3 deliveries: 1 failed again, 2 succeeded.")).toBe("warning");
  });

  it("says neutrally that nothing was replayed", async () => {
    // A plain toast: sonner gives it no type.
    expect(await toastAfterReplay(0, 0, "No failed deliveries were replayed.")).toBeNull();
  });
});
