import { afterEach, describe, expect, it, vi } from "vitest";
import { useEnv } from "@/test/support/env";
import { startLocalWorker } from "./local-driver";
import { dispatchEvents, setEventDispatcher, startDeliveryEngine, type EventDispatcher } from "./picker";

// The local worker itself is tested in worker.test.ts; here only whether the picker starts it.
vi.mock("./local-driver", () => ({ startLocalWorker: vi.fn(() => ({ owner: "test-worker" })), stopLocalWorker: vi.fn() }));
const errors = vi.hoisted(() => [] as unknown[][]);
vi.mock("@/lib/log", () => ({ log: () => ({ error: (...args: unknown[]) => errors.push(args) }) }));

const setEnv = useEnv();
afterEach(() => {
  setEventDispatcher(undefined);
  vi.mocked(startLocalWorker).mockClear();
  errors.length = 0;
});

/** A stand-in for the Inngest adapter, and the loader boot is handed for it. */
function fakeInngest(dispatch: EventDispatcher["dispatch"] = async () => undefined) {
  const dispatcher = { name: "Inngest", dispatch: vi.fn(dispatch) };
  return { dispatcher, adapters: { inngest: vi.fn(async () => dispatcher) } };
}

describe("the engine picker", () => {
  it("under DELIVERY_ENGINE=inngest loads the Inngest dispatcher, hands it the committed events and starts no local worker", async () => {
    setEnv({ DELIVERY_ENGINE: "inngest", INNGEST_DEV: "1" });
    const { dispatcher, adapters } = fakeInngest();
    expect(await startDeliveryEngine(adapters)).toMatch(/Inngest/);
    expect(startLocalWorker).not.toHaveBeenCalled();

    await dispatchEvents(["event-1", "event-2"]);
    await dispatchEvents([]);
    expect(dispatcher.dispatch.mock.calls).toEqual([[["event-1", "event-2"]]]);
  });

  it("under the local driver starts the worker and neither loads nor tells Inngest", async () => {
    setEnv({ DELIVERY_ENGINE: "local" });
    const { dispatcher, adapters } = fakeInngest();
    expect(await startDeliveryEngine(adapters)).toMatch(/local delivery driver started \(test-worker\)/);
    expect(startLocalWorker).toHaveBeenCalledOnce();

    await dispatchEvents(["event-1"]);
    expect(adapters.inngest).not.toHaveBeenCalled();
    expect(dispatcher.dispatch).not.toHaveBeenCalled();
  });

  it("never throws: a failed hand-off, or no dispatcher at all, is logged for the sweep to make good", async () => {
    setEnv({ DELIVERY_ENGINE: "inngest", INNGEST_DEV: "1" });
    await expect(dispatchEvents(["event-1"])).resolves.toBeUndefined();
    expect(String(errors[0]?.[0])).toMatch(/no inngest dispatcher registered for 1 event\(s\); the sweep will pick them up/);

    const { adapters } = fakeInngest(async () => {
      throw new Error("Inngest is down");
    });
    await startDeliveryEngine(adapters);
    await expect(dispatchEvents(["event-1", "event-2"])).resolves.toBeUndefined();
    expect(errors[1]?.[1]).toBe("could not hand 2 event(s) to Inngest; the sweep will retry");
  });
});
