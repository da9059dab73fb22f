import { afterEach, describe, expect, it, vi } from "vitest";
import { dispatchEvents, setEventDispatcher, startDeliveryEngine } from "@/lib/delivery/engine/picker";
import { useEnv } from "@/test/support/env";
import { inngest } from "./client";

vi.mock("@/lib/delivery/engine/local-driver", () => ({ startLocalWorker: () => ({ owner: "test-worker" }), stopLocalWorker: async () => undefined }));

// What instrumentation.ts hands boot.
const engines = { inngest: async () => (await import("./dispatch")).inngestDispatcher };
const setEnv = useEnv();
afterEach(() => {
  setEventDispatcher(undefined);
  vi.restoreAllMocks();
});

describe("dispatching events to Inngest", () => {
  it("sends one hub/event.received per event, with the event id as the idempotency key, when Inngest is the engine", async () => {
    setEnv({ DELIVERY_ENGINE: "inngest", INNGEST_DEV: "1" });
    const send = vi.spyOn(inngest, "send").mockResolvedValue({ ids: [] });
    await startDeliveryEngine(engines);
    await dispatchEvents(["0b8f3c5e-8e0c-4d3a-9a59-8b0d6a3c1f01", "0b8f3c5e-8e0c-4d3a-9a59-8b0d6a3c1f02"]);
    expect(send).toHaveBeenCalledOnce();
    expect(send.mock.calls[0]?.[0]).toMatchObject([
      { name: "hub/event.received", id: "hub-event-0b8f3c5e-8e0c-4d3a-9a59-8b0d6a3c1f01", data: { eventId: "0b8f3c5e-8e0c-4d3a-9a59-8b0d6a3c1f01" } },
      { name: "hub/event.received", id: "hub-event-0b8f3c5e-8e0c-4d3a-9a59-8b0d6a3c1f02", data: { eventId: "0b8f3c5e-8e0c-4d3a-9a59-8b0d6a3c1f02" } },
    ]);
  });

  it("sends nothing under the local driver", async () => {
    setEnv({ DELIVERY_ENGINE: "local" });
    const send = vi.spyOn(inngest, "send").mockResolvedValue({ ids: [] });
    await startDeliveryEngine(engines);
    await dispatchEvents(["0b8f3c5e-8e0c-4d3a-9a59-8b0d6a3c1f01"]);
    expect(send).not.toHaveBeenCalled();
  });
});
