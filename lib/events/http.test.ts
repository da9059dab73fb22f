import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { openDatabase } from "@/db/client";
import { apiKeys, events } from "@/db/schema";
import { makeApiKey, makeProgram } from "@/test/support/factories";
import { captureLogs } from "@/test/support/logs";
import { failEventInserts, useTestDatabase } from "@/test/support/db";
import { exampleInput } from "./catalog";
import { handleIngest, MAX_BODY_BYTES, serveIngest, type IngestDeps } from "./http";

const database = useTestDatabase();

/** A stand-in database whose every query (any chain of calls, awaited) rejects with `failure`. */
function failingDb(failure: unknown): Db {
  const chain: unknown = new Proxy(function () {}, {
    get: (_target, property) =>
      property === "then" ? (_resolve: unknown, reject: (reason: unknown) => void) => reject(failure) : chain,
    apply: () => chain,
  });
  return chain as Db;
}

/** What drizzle rejects with when node-postgres's connection was killed under a query. */
function terminated() {
  const cause = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01", severity: "FATAL" });
  return new DrizzleQueryError("select ... from api_keys", [], cause);
}

/**
 * The two ways a request reaches the ingest logic: Next's route handler, and the plain Node
 * server that `npm start` puts in front of Next (scripts/server.mjs). Every case runs on both.
 */
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

const transports: { name: string; send: (request: Request, deps: IngestDeps) => Promise<Response> }[] = [
  { name: "Next route handler", send: handleIngest },
  {
    name: "plain Node server",
    send: async (request, deps) => {
      const server = http.createServer((req, res) => void serveIngest(req, res, deps));
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as AddressInfo;
      const url = new URL(request.url);
      return fetch(`http://127.0.0.1:${port}${url.pathname}`, {
        method: request.method,
        headers: request.headers,
        body: await request.arrayBuffer(),
      });
    },
  },
];

describe.each(transports)("POST /api/v1/events through the $name", ({ send: transport }) => {
  async function setup(options: { db?: (db: Db) => Db } = {}) {
    const { db } = database();
    const program = await makeProgram(db);
    const apiKey = await makeApiKey(db, program.id);
    const dispatched: string[][] = [];
    const deps = { db: options.db ? options.db(db) : db, dispatch: async (ids: string[]) => void dispatched.push(ids) };
    const post = (body: unknown, headers: Record<string, string>, d: IngestDeps) =>
      transport(
        new Request("http://hub.test/api/v1/events", {
          method: "POST",
          headers: { authorization: `Bearer ${apiKey.key}`, "content-type": "application/json", ...headers },
          body: typeof body === "string" ? body : JSON.stringify(body),
        }),
        d,
      );
    const send = (body: unknown, headers: Record<string, string> = {}) => post(body, headers, deps);
    const count = async () => (await db.select().from(events).where(eq(events.programId, program.id))).length;
    return { db, program, apiKey, dispatched, send, post, count };
  }

  async function json(response: Response) {
    return (await response.json()) as { error?: { code: string; path?: string; message: string }; id?: string; events?: unknown[] };
  }

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

  describe("while the database is unavailable", () => {
    // Every failure here is logged: kept out of the output, and read by the tests that check it.
    let logged: ReturnType<typeof captureLogs>;
    beforeEach(() => {
      logged = captureLogs();
    });
    afterEach(() => logged.restore());

    async function expect503(response: Response) {
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("1");
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      const body = await json(response);
      expect(body.error).toMatchObject({ code: "database_unavailable", message: expect.stringMatching(/try again/i) });
    }

    it("503 with Retry-After when the API key lookup fails (connection terminated by a restart)", async () => {
      const { send, dispatched } = await setup({ db: () => failingDb(terminated()) });
      await expect503(await send(exampleInput("points.earned")));
      expect(dispatched).toEqual([]);
    });

    it("503 when the insert is cut off by a shutdown (57P01 from the server), and nothing is stored or dispatched", async () => {
      const { db, program, send, dispatched, count } = await setup();
      const undo = await failEventInserts(db, program.id, "57P01", "terminating connection due to administrator command");
      try {
        await expect503(await send([exampleInput("points.earned"), exampleInput("level.changed")]));
        await expect503(await send(exampleInput("points.earned"), { "idempotency-key": "order-1" }));
        expect(dispatched).toEqual([]);
        expect(await count()).toBe(0);
      } finally {
        await undo();
      }
      // Back up: the retry with the same key is stored once.
      expect((await send(exampleInput("points.earned"), { "idempotency-key": "order-1" })).status).toBe(202);
      expect(await count()).toBe(1);
    });

    it("503 when nothing listens at the database's address (node-postgres's own ECONNREFUSED)", async () => {
      // Port 1 on loopback: refused at once, no server needed.
      const unreachable = openDatabase({ url: "postgres://postgres@127.0.0.1:1/none" });
      try {
        const { send, dispatched } = await setup({ db: () => unreachable.db });
        await expect503(await send(exampleInput("points.earned")));
        expect(dispatched).toEqual([]);
      } finally {
        await unreachable.close();
      }
    });

    it("503 for a database closed to new connections (55000) and for a pool that cannot connect in time", async () => {
      const closed = Object.assign(new Error('database "hub" is not currently accepting connections'), { code: "55000" });
      await expect503(await (await setup({ db: () => failingDb(closed) })).send(exampleInput("points.earned")));
      const slow = new Error("timeout exceeded when trying to connect");
      await expect503(await (await setup({ db: () => failingDb(slow) })).send(exampleInput("points.earned")));
    });

    it("any other failure is a logged JSON 500 internal_error, not a 503", async () => {
      const { db, program, apiKey, send, count } = await setup();
      const undo = await failEventInserts(db, program.id, "P0001", "a bug in a trigger");
      try {
        const response = await send(exampleInput("points.earned"), { "x-request-id": "req-500" });
        expect(response.status).toBe(500);
        expect(response.headers.get("retry-after")).toBeNull();
        expect(response.headers.get("x-request-id")).toBe("req-500");
        expect((await json(response)).error).toMatchObject({ code: "internal_error", message: expect.any(String) });
        const [line] = logged.lines().filter((l) => l.level === 50);
        expect(line).toMatchObject({ component: "ingest", reqId: "req-500", req: { method: "POST", url: "/api/v1/events" } });
        expect(JSON.stringify((line!.err as { cause?: unknown }).cause ?? line!.err)).toMatch(/a bug in a trigger/);
        // The request's headers help with the 500, but never with its API key.
        expect((line!.req as { headers: Record<string, string> }).headers.authorization).toBe("[redacted]");
        expect(logged.raw.join("\n")).not.toContain(apiKey.key);
        expect(await count()).toBe(0);
      } finally {
        await undo();
      }
    });

    it("answers with the request's X-Request-Id, or a new one", async () => {
      const { send } = await setup();
      expect((await send(exampleInput("points.earned"), { "x-request-id": "from-client" })).headers.get("x-request-id")).toBe("from-client");
      const generated = (await send(exampleInput("points.earned"), { "x-request-id": "not a safe id" })).headers.get("x-request-id");
      expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("once stored, the answer is 202 even if handing the events to the engine fails", async () => {
      const { db, post, count } = await setup();
      const response = await post(exampleInput("points.earned"), { "x-request-id": "req-dispatch" }, { db, dispatch: () => Promise.reject(new Error("engine down")) });
      expect(response.status).toBe(202);
      expect(await count()).toBe(1);
      expect(logged.lines()).toContainEqual(expect.objectContaining({ level: 50, reqId: "req-dispatch", err: expect.objectContaining({ message: "engine down" }) }));
    });
  });
});
