import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys, events } from "@/db/schema";
import { makeApiKey, makeProgram } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/db";
import { exampleInput } from "./catalog";
import { handleIngest, MAX_BODY_BYTES } from "./http";

const database = useTestDatabase();

async function setup() {
  const { db } = database();
  const program = await makeProgram(db);
  const apiKey = await makeApiKey(db, program.id);
  const dispatched: string[][] = [];
  const deps = { db, dispatch: async (ids: string[]) => void dispatched.push(ids) };
  const send = (body: unknown, headers: Record<string, string> = {}) =>
    handleIngest(
      new Request("http://hub.test/api/v1/events", {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey.key}`, "content-type": "application/json", ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
      deps,
    );
  const count = async () => (await db.select().from(events).where(eq(events.programId, program.id))).length;
  return { db, program, apiKey, dispatched, send, count };
}

async function json(response: Response) {
  return (await response.json()) as { error?: { code: string; path?: string; message: string }; id?: string; events?: unknown[] };
}

describe("POST /api/v1/events", () => {
  it("stores the event, answers 202 with its id, then hands it to the engine", async () => {
    const { send, dispatched, count } = await setup();
    const response = await send(exampleInput("points.earned"));
    expect(response.status).toBe(202);
    const body = await json(response);
    expect(body).toMatchObject({ id: expect.any(String), duplicate: false });
    expect(dispatched).toEqual([[body.id]]);
    expect(await count()).toBe(1);
  });

  it("accepts a batch and returns the ids in order", async () => {
    const { send, count } = await setup();
    const response = await send([exampleInput("profile.created"), exampleInput("level.changed")]);
    expect(response.status).toBe(202);
    expect((await json(response)).events).toHaveLength(2);
    expect(await count()).toBe(2);
  });

  it("is idempotent on Idempotency-Key: the original id, nothing new dispatched", async () => {
    const { send, dispatched, count } = await setup();
    const first = await json(await send(exampleInput("points.earned"), { "idempotency-key": "order-981" }));
    const again = await send(exampleInput("points.earned"), { "idempotency-key": "order-981" });
    expect(again.status).toBe(202);
    expect(await json(again)).toEqual({ id: first.id, duplicate: true });
    expect(dispatched).toEqual([[first.id], []]);
    expect(await count()).toBe(1);
  });

  it("401 without a key, with an unknown key and with a revoked key", async () => {
    const { db, send, apiKey, count } = await setup();
    expect((await json(await send(exampleInput("points.earned"), { authorization: "" }))).error?.code).toBe("missing_api_key");
    const unknown = await send(exampleInput("points.earned"), { authorization: "Bearer ihk_notarealkeyatall" });
    expect(unknown.status).toBe(401);
    expect((await json(unknown)).error?.code).toBe("invalid_api_key");
    await db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, apiKey.id));
    expect((await send(exampleInput("points.earned"))).status).toBe(401);
    expect(await count()).toBe(0);
  });

  it("415 for a body that is not declared as JSON", async () => {
    const { send } = await setup();
    const response = await send(exampleInput("points.earned"), { "content-type": "text/plain" });
    expect(response.status).toBe(415);
    expect((await json(response)).error?.code).toBe("unsupported_media_type");
  });

  it("413 for a body over 1 MiB", async () => {
    const { send, count } = await setup();
    const response = await send(`{"padding":"${"x".repeat(MAX_BODY_BYTES)}"}`);
    expect(response.status).toBe(413);
    expect((await json(response)).error?.code).toBe("payload_too_large");
    expect(await count()).toBe(0);
  });

  it("400 for malformed JSON", async () => {
    const { send } = await setup();
    const response = await send("{not json");
    expect(response.status).toBe(400);
    expect((await json(response)).error?.code).toBe("malformed_json");
  });

  it("400 naming the field for a schema violation, and nothing of the batch is stored", async () => {
    const { send, count, dispatched } = await setup();
    const bad = exampleInput("points.burned");
    const response = await send([exampleInput("points.earned"), { ...bad, data: { ...bad.data, reward: {} } }]);
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.error).toMatchObject({ code: "invalid_event", path: "[1].data.reward.name" });
    expect(body.error?.message).toMatch(/^\[1\]\.data\.reward\.name: /);
    expect(await count()).toBe(0);
    expect(dispatched).toEqual([]);
  });
});
