import { describe, expect, it } from "vitest";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { exampleInput } from "@/lib/events/catalog";
import { makeCtx } from "@/test/support/factories";
import { useTestDatabase } from "@/test/support/db";
import { adminAndProgram, deliveriesOf, setUpConnector, subscribe, testRuntime } from "@/test/support/pipeline";
import { useReceivers } from "@/test/support/processes";
import { LocalWorker } from "@/lib/delivery/engine/worker";
import { sendTestEvent } from "./service";

const database = useTestDatabase();
const startReceiver = useReceivers();

const payload = (type: "points.earned" | "reward.offered") => {
  const { member, data } = exampleInput(type);
  return JSON.stringify({ member, data });
};

describe("send test event", () => {
  it("goes to this connector only, marked test, even while it is inactive", async () => {
    const { db } = database();
    const { admin, program } = await adminAndProgram(db);
    const target = await startReceiver();
    const bystander = await startReceiver();
    const targetId = await setUpConnector(admin, { url: target.url, active: false });
    const bystanderId = await setUpConnector(admin, { url: bystander.url });
    await subscribe(db, program.id, bystanderId, "reward.offered");
    const dispatched: string[][] = [];
    const worker = new LocalWorker(testRuntime(db), { pollIntervalMs: 25, log: () => undefined });
    const result = await sendTestEvent(
      admin,
      { connectorId: targetId, programId: program.id, type: "reward.offered", payload: payload("reward.offered") },
      async (ids) => {
        dispatched.push(ids);
        worker.wake();
      },
    );
    try {
      expect(dispatched).toEqual([[result.eventId]]);
      const planned = await deliveriesOf(db, result.eventId);
      expect(planned.map((d) => [d.id, d.connectorId, d.test])).toEqual([[result.deliveryId, targetId, true]]);
      const [got] = await target.waitFor(1);
      expect(got!.events![0]).toMatchObject({ id: result.eventId, type: "reward.offered", test: true });
      expect(bystander.received).toHaveLength(0);
    } finally {
      await worker.stop(1000);
    }
  });

  it("names what is wrong with the body, and refuses a marketer", async () => {
    const { db } = database();
    const { admin, program } = await adminAndProgram(db);
    const connectorId = await setUpConnector(admin, { url: "http://127.0.0.1:9/hook" });
    const base = { connectorId, programId: program.id, type: "points.earned" as const };
    const noop = async () => undefined;
    const notJson = await sendTestEvent(admin, { ...base, payload: "{oops" }, noop).catch((e: unknown) => e);
    expect(notJson).toBeInstanceOf(ValidationError);
    expect((notJson as ValidationError).fieldErrors?.payload).toEqual(["Not valid JSON. Check quotes and commas."]);
    const wrong = await sendTestEvent(admin, { ...base, payload: JSON.stringify({ member: { id: "m1" }, data: { points: "ten" } }) }, noop).catch(
      (e: unknown) => e,
    );
    expect((wrong as ValidationError).fieldErrors?.payload?.[0]).toMatch(/^data\.points: /);
    const marketer = await makeCtx(db, "marketer");
    await expect(sendTestEvent(marketer, { ...base, payload: payload("points.earned") }, noop)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
