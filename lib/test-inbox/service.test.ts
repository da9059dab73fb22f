import http from "node:http";
import type { AddressInfo } from "node:net";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, testInboxes, testInboxRequests, testInboxResponseModeEnum } from "@/db/schema";
import { deleteConnector, rotateSecret } from "@/lib/connectors/service";
import { generateWebhookSecret } from "@/lib/connectors/secrets";
import { allowsPrivateTarget, sendSigned } from "@/lib/delivery/attempts/perform";
import { signRequest } from "@/lib/delivery/attempts/request";
import { deleteExpiredLogs } from "@/lib/delivery/engine/retention";
import { env } from "@/lib/env";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { REDACTED } from "@/lib/redacted";
import { useTestDatabase } from "@/test/support/db";
import { useEnv } from "@/test/support/env";
import { makeConnector } from "@/test/support/factories";
import { setUpConnector, testRuntime } from "@/test/support/pipeline";
import { rejectionOf, useRoles } from "@/test/support/roles";
import { handleCapture, handleOtherMethod } from "./http";
import { isTestInboxTarget, listInboxes, listInboxRequests } from "./queries";
import { inboxTokenOf, responseModes } from "./schemas";
import { INBOX_PAGE_SIZE, INBOX_REQUEST_LIMIT, inboxRequestsQuerySchema } from "./schemas";
import { captureRequest, clearInbox, createInbox, setResponseMode } from "./service";

const database = useTestDatabase();
const roles = useRoles(database);
const setEnv = useEnv();

const AUTH_VALUE = "Bearer inbox-auth-value-secret";
const CUSTOM_VALUE = "custom-value-that-is-secret";

/** A connector set up as an admin would, pointed at its own test inbox. */
async function connectorWithInbox(setup: { secret?: string; signatureScheme?: "qualifio" | "qualifio+standard" } = {}) {
  const connectorId = await setUpConnector(roles.admin, {
    url: "https://placeholder.example/hook",
    secret: setup.secret,
    signatureScheme: setup.signatureScheme,
    authHeader: { name: "Authorization", value: AUTH_VALUE },
    customHeaders: [{ name: "X-Tenant", value: CUSTOM_VALUE }],
    active: false,
  });
  const inbox = await createInbox(roles.admin, { connectorId });
  const token = inbox.url.split("/").at(-1)!;
  return { connectorId, inbox, token };
}

/** What the hub sends to this connector, signed with its secrets. */
function signed(token: string, secrets: { secret: string | null; previousSecret?: string | null }, scheme: "qualifio" | "qualifio+standard", now = new Date()) {
  return signRequest({
    delivery: { id: crypto.randomUUID() },
    eventType: "points.earned",
    body: JSON.stringify([{ id: "e-1", type: "points.earned", data: { points: 10 } }]),
    connector: { notificationUrl: `http://127.0.0.1:3000/api/inbox/${token}`, signatureScheme: scheme },
    secrets: {
      secret: secrets.secret,
      previousSecret: secrets.previousSecret ?? null,
      authHeader: { name: "Authorization", value: AUTH_VALUE },
      customHeaders: [{ name: "X-Tenant", value: CUSTOM_VALUE }],
    },
    now,
  });
}

function lowerCased(headers: Record<string, string>) {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

async function capture(token: string, request: { headers: Record<string, string>; body: string }, now = new Date()) {
  const db = database().db;
  return captureRequest(db, token, { method: "POST", headers: lowerCased(request.headers), body: Buffer.from(request.body) }, now);
}

async function latest(inboxId: string, role: "admin" | "marketer" = "admin") {
  const page = await listInboxRequests(database().db, role, inboxId);
  return page.requests[0]!;
}

describe("createInbox", () => {
  it("makes one inbox per connector, with an unguessable URL on the hub's origin, audited", async () => {
    const connectorId = (await makeConnector(database().db)).id;
    const first = await createInbox(roles.admin, { connectorId });
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/inbox\/[A-Za-z0-9_-]{43}$/);
    expect(first.created).toBe(true);
    const again = await createInbox(roles.admin, { connectorId });
    expect(again).toEqual({ ...first, created: false });
    const audits = await database().db.select().from(auditLog).where(eq(auditLog.entityId, first.id));
    expect(audits.map((a) => a.action)).toEqual(["test_inbox.created"]);
  });

  it("is refused to a marketer, for an unknown connector, and while the inbox is off", async () => {
    const connectorId = (await makeConnector(database().db)).id;
    expect(await rejectionOf(createInbox(roles.marketer, { connectorId }))).toBeInstanceOf(ForbiddenError);
    expect(await rejectionOf(createInbox(roles.admin, { connectorId: crypto.randomUUID() }))).toBeInstanceOf(NotFoundError);
    setEnv({ APP_ENV: "production", AUTH_SECRET: "x".repeat(32), ENCRYPTION_KEY: env().encryptionKey.toString("base64") });
    expect(await rejectionOf(createInbox(roles.admin, { connectorId }))).toBeInstanceOf(ConflictError);
    const rows = await database().db.select().from(testInboxes).where(eq(testInboxes.connectorId, connectorId));
    expect(rows).toEqual([]);
  });
});

describe("captureRequest: signatures", () => {
  it("finds both schemes valid for what the hub signs with the connector's secret", async () => {
    const secret = generateWebhookSecret();
    const { inbox, token } = await connectorWithInbox({ secret, signatureScheme: "qualifio+standard" });
    expect(await capture(token, signed(token, { secret }, "qualifio+standard"))).toMatchObject({ status: 200 });
    expect((await latest(inbox.id)).signatures).toEqual({ qualifio: "valid", standard: "valid" });
  });

  it("finds them invalid when signed with another secret, a changed body or a stale timestamp", async () => {
    const secret = generateWebhookSecret();
    const { inbox, token } = await connectorWithInbox({ secret, signatureScheme: "qualifio+standard" });
    await capture(token, signed(token, { secret: generateWebhookSecret() }, "qualifio+standard"));
    expect((await latest(inbox.id)).signatures).toEqual({ qualifio: "invalid", standard: "invalid" });

    const tampered = signed(token, { secret }, "qualifio+standard");
    await capture(token, { ...tampered, body: tampered.body.replace("10", "1000") });
    expect((await latest(inbox.id)).signatures).toEqual({ qualifio: "invalid", standard: "invalid" });

    const old = new Date(Date.now() - 10 * 60_000);
    await capture(token, signed(token, { secret }, "qualifio+standard", old));
    expect((await latest(inbox.id)).signatures).toEqual({ qualifio: "valid", standard: "invalid" });
  });

  it("says missing when a scheme's headers are absent, and invalid when the connector has no secret", async () => {
    const secret = generateWebhookSecret();
    const withSecret = await connectorWithInbox({ secret, signatureScheme: "qualifio" });
    await capture(withSecret.token, signed(withSecret.token, { secret: null }, "qualifio"));
    expect((await latest(withSecret.inbox.id)).signatures).toEqual({ qualifio: "missing", standard: "missing" });
    await capture(withSecret.token, signed(withSecret.token, { secret }, "qualifio"));
    expect((await latest(withSecret.inbox.id)).signatures).toEqual({ qualifio: "valid", standard: "missing" });

    const without = await connectorWithInbox({ signatureScheme: "qualifio" });
    await capture(without.token, signed(without.token, { secret }, "qualifio"));
    expect((await latest(without.inbox.id)).signatures).toEqual({ qualifio: "invalid", standard: "missing" });
  });

  it("accepts the rotated-out secret while its overlap lasts, as the hub signs with both", async () => {
    const secret = generateWebhookSecret();
    const { connectorId, inbox, token } = await connectorWithInbox({ secret, signatureScheme: "qualifio+standard" });
    await rotateSecret(roles.admin, { connectorId, overlapHours: 24 });
    // A receiver (or a retry) still on the old secret alone: valid during the overlap.
    await capture(token, signed(token, { secret }, "qualifio+standard"));
    expect((await latest(inbox.id)).signatures).toEqual({ qualifio: "valid", standard: "valid" });
    // After the overlap the old secret no longer verifies.
    await capture(token, signed(token, { secret }, "qualifio+standard"), new Date(Date.now() + 25 * 3_600_000));
    expect((await latest(inbox.id)).signatures.qualifio).toBe("invalid");
  });
});

/** `count` requests captured an hour ago, oldest first, with bodies "<prefix> 0", "<prefix> 1", … */
async function storeEarlier(inboxId: string, count: number, prefix: string) {
  const base = Date.now() - 3_600_000;
  await database()
    .db.insert(testInboxRequests)
    .values(
      Array.from({ length: count }, (_, i) => ({
        inboxId,
        receivedAt: new Date(base + i),
        method: "POST",
        headers: {},
        body: `${prefix} ${i}`,
        qualifioSignature: "missing" as const,
        standardSignature: "missing" as const,
        responseStatus: 200,
      })),
    );
}

describe("captureRequest: storage", () => {
  it("keeps the newest 500 requests of an inbox, deleting older ones as new ones arrive", async () => {
    const { inbox, token } = await connectorWithInbox();
    const db = database().db;
    await storeEarlier(inbox.id, INBOX_REQUEST_LIMIT, "old");
    await capture(token, { headers: {}, body: "newest" });
    const [total] = await db.select({ n: count() }).from(testInboxRequests).where(eq(testInboxRequests.inboxId, inbox.id));
    expect(total!.n).toBe(INBOX_REQUEST_LIMIT);
    const bodies = (await db.select({ body: testInboxRequests.body }).from(testInboxRequests).where(eq(testInboxRequests.inboxId, inbox.id))).map((r) => r.body);
    expect(bodies).toContain("newest");
    expect(bodies).not.toContain("old 0");
    expect(bodies).toContain("old 1");
  });

  it("keeps the first 64 KiB of a body and says it was cut", async () => {
    const { inbox, token } = await connectorWithInbox();
    await capture(token, { headers: {}, body: "x".repeat(70 * 1024) });
    const request = await latest(inbox.id);
    expect(request.body).toHaveLength(64 * 1024);
    expect(request.bodyTruncated).toBe(true);
  });

  it("answers 500 to every third request in fail-every-3rd mode, 200 otherwise", async () => {
    const { inbox, token } = await connectorWithInbox();
    await setResponseMode(roles.admin, { inboxId: inbox.id, responseMode: "fail-every-3rd" });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await capture(token, { headers: {}, body: "{}" }))!.status);
    expect(statuses).toEqual([200, 200, 500, 200, 200, 500]);
    expect((await latest(inbox.id)).responseStatus).toBe(500);
  });

  it("knows no token but an inbox's, and none of a deleted connector", async () => {
    expect(await capture("A".repeat(43), { headers: {}, body: "{}" })).toBeNull();
    expect(await capture("../../etc", { headers: {}, body: "{}" })).toBeNull();
    const { connectorId, token } = await connectorWithInbox();
    await deleteConnector(roles.admin, { connectorId });
    expect(await capture(token, { headers: {}, body: "{}" })).toBeNull();
  });

  it("is purged by the log retention job like the event logs", async () => {
    const { inbox, token } = await connectorWithInbox();
    await capture(token, { headers: {}, body: "old" }, new Date(Date.now() - 31 * 86_400_000));
    await capture(token, { headers: {}, body: "recent" });
    await deleteExpiredLogs(database().db, 30);
    const page = await listInboxRequests(database().db, "admin", inbox.id);
    expect(page.requests.map((r) => r.body)).toEqual(["recent"]);
  });
});

describe("reading an inbox", () => {
  it("shows an admin the header values and redacts secrets and signatures for a marketer", async () => {
    const secret = generateWebhookSecret();
    const { inbox, token } = await connectorWithInbox({ secret, signatureScheme: "qualifio+standard" });
    await capture(token, signed(token, { secret }, "qualifio+standard"));
    const asAdmin = Object.fromEntries((await latest(inbox.id, "admin")).headers);
    expect(asAdmin).toMatchObject({ authorization: AUTH_VALUE, "x-tenant": CUSTOM_VALUE });
    const asMarketer = await latest(inbox.id, "marketer");
    const headers = Object.fromEntries(asMarketer.headers);
    expect(headers).toMatchObject({ authorization: REDACTED, "x-tenant": REDACTED, "x-qualifio-signature": REDACTED, "webhook-signature": REDACTED });
    expect(headers["x-qualifio-event"]).toBe("points.earned");
    expect(JSON.stringify(asMarketer)).not.toContain(AUTH_VALUE.split(" ")[1]);
    expect(JSON.stringify(asMarketer)).not.toContain(CUSTOM_VALUE);
    // The verdicts are not secret.
    expect(asMarketer.signatures).toEqual({ qualifio: "valid", standard: "valid" });
  });

  it("shows the newest 50 first and says older ones are kept; a larger limit reaches them, up to the 500 kept", async () => {
    const { inbox } = await connectorWithInbox();
    await storeEarlier(inbox.id, INBOX_PAGE_SIZE + 1, "request");
    const first = await listInboxRequests(database().db, "admin", inbox.id);
    expect(first.requests).toHaveLength(INBOX_PAGE_SIZE);
    expect(first.requests[0]!.body).toBe(`request ${INBOX_PAGE_SIZE}`);
    expect(first.more).toBe(true);
    expect(first.kept).toBe(INBOX_PAGE_SIZE + 1);
    const all = await listInboxRequests(database().db, "admin", inbox.id, { limit: INBOX_PAGE_SIZE * 2 });
    expect(all.requests.map((r) => r.body).at(-1)).toBe("request 0");
    expect(all.more).toBe(false);

    expect(inboxRequestsQuerySchema.parse({})).toEqual({ limit: INBOX_PAGE_SIZE });
    expect(inboxRequestsQuerySchema.parse({ limit: "100" })).toEqual({ limit: 100 });
    for (const limit of ["0", "501", "ten", "1.5"]) expect(inboxRequestsQuerySchema.safeParse({ limit }).success, limit).toBe(false);
  });

  it("masks the inbox URL (its token is the credential) for a marketer", async () => {
    const { inbox } = await connectorWithInbox();
    const forAdmin = (await listInboxes(database().db, "admin")).find((i) => i.id === inbox.id)!;
    const forMarketer = (await listInboxes(database().db, "marketer")).find((i) => i.id === inbox.id)!;
    expect(forAdmin.url).toBe(inbox.url);
    expect(forMarketer.url).not.toContain(inbox.url.split("/").at(-1));
  });
});

describe("changing an inbox", () => {
  it("sets the response mode and clears requests for an admin, audited; refuses a marketer", async () => {
    const { inbox, token } = await connectorWithInbox();
    await capture(token, { headers: {}, body: "{}" });
    expect(await rejectionOf(setResponseMode(roles.marketer, { inboxId: inbox.id, responseMode: "fail-every-3rd" }))).toBeInstanceOf(ForbiddenError);
    expect(await rejectionOf(clearInbox(roles.marketer, { inboxId: inbox.id }))).toBeInstanceOf(ForbiddenError);
    expect((await listInboxRequests(database().db, "admin", inbox.id)).requests).toHaveLength(1);

    await setResponseMode(roles.admin, { inboxId: inbox.id, responseMode: "fail-every-3rd" });
    expect(await clearInbox(roles.admin, { inboxId: inbox.id })).toEqual({ id: inbox.id, deleted: 1 });
    expect((await listInboxRequests(database().db, "admin", inbox.id)).requests).toEqual([]);
    const audits = await database().db.select().from(auditLog).where(eq(auditLog.entityId, inbox.id));
    expect(audits.map((a) => a.action).sort()).toEqual(["test_inbox.cleared", "test_inbox.created", "test_inbox.updated"]);
  });
});

describe("the capture route", () => {
  it("records a POST and answers 200 with a small JSON body", async () => {
    const { inbox, token } = await connectorWithInbox();
    const response = await handleCapture(
      new Request(`http://hub.test/api/inbox/${token}`, { method: "POST", body: '{"hello":"inbox"}', headers: { "content-type": "application/json" } }),
      token,
      database().db,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ received: true });
    const request = await latest(inbox.id);
    expect(request).toMatchObject({ method: "POST", body: '{"hello":"inbox"}' });
    expect(Object.fromEntries(request.headers)["content-type"]).toBe("application/json");
  });

  it("answers 405 to other methods and 404 to an unknown token", async () => {
    const other = handleOtherMethod();
    expect(other.status).toBe(405);
    expect(other.headers.get("allow")).toBe("POST");
    const unknown = await handleCapture(new Request("http://hub.test/api/inbox/x", { method: "POST", body: "{}" }), "B".repeat(43), database().db);
    expect(unknown.status).toBe(404);
  });

  it("answers 404 to everything in production unless TEST_INBOX=true", async () => {
    const { inbox, token } = await connectorWithInbox();
    const production = { APP_ENV: "production", AUTH_SECRET: "x".repeat(32), ENCRYPTION_KEY: env().encryptionKey.toString("base64") };
    setEnv(production);
    const post = () => handleCapture(new Request(`http://hub.test/api/inbox/${token}`, { method: "POST", body: "{}" }), token, database().db);
    expect((await post()).status).toBe(404);
    expect(handleOtherMethod().status).toBe(404);
    expect((await listInboxRequests(database().db, "admin", inbox.id)).requests).toEqual([]);
    setEnv({ ...production, TEST_INBOX: "true" });
    expect((await post()).status).toBe(200);
  });
});

describe("the SSRF exception", () => {
  let hub: http.Server;
  let origin: string;
  const reached: string[] = [];

  beforeAll(async () => {
    // Stands in for the hub's own server: inbox URLs reach the capture route, anything else answers 200 too,
    // so a request the guard wrongly let through would show as a success.
    hub = http.createServer((req, res) => {
      reached.push(req.url ?? "");
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const token = (req.url ?? "").split("/api/inbox/")[1] ?? "";
        const response = await handleCapture(
          new Request(`${origin}${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) }),
          token,
          database().db,
        );
        res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
      });
    });
    await new Promise<void>((resolve) => hub.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => hub.close(resolve)));

  async function send(url: string) {
    const rt = testRuntime(database().db, { allowPrivateTargets: false });
    const request = { url, headers: { "content-type": "application/json" }, body: "[]", redactedHeaders: {}, secretValues: [] };
    return sendSigned(rt, request, { timeoutMs: 2000 }, { keepAlive: false });
  }

  it("delivers to an existing inbox's exact URL on the hub's own origin when private targets are refused", async () => {
    setEnv({ APP_URL: origin });
    const { inbox, token } = await connectorWithInbox();
    const result = await send(`${origin}/api/inbox/${token}`);
    expect(result).toMatchObject({ success: true, status: 200 });
    expect((await listInboxRequests(database().db, "admin", inbox.id)).requests).toHaveLength(1);
  });

  it("refuses anything else on that host: other paths, unknown tokens, extra path or query, another port", async () => {
    setEnv({ APP_URL: origin });
    const { token } = await connectorWithInbox();
    reached.length = 0;
    const port = Number(new URL(origin).port);
    for (const url of [
      `${origin}/api/health`,
      `${origin}/api/inbox/${"C".repeat(43)}`,
      `${origin}/api/inbox/${token}/more`,
      `${origin}/api/inbox/${token}?x=1`,
      `http://127.0.0.1:${port + 1}/api/inbox/${token}`,
      `http://localhost:${port}/api/inbox/${token}`,
    ]) {
      expect(await send(url), url).toMatchObject({ success: false, errorCode: "blocked" });
    }
    expect(reached).toEqual([]);
  });

  it("is no exception while the test inbox is off", async () => {
    setEnv({ APP_URL: origin });
    const { token } = await connectorWithInbox();
    const url = `${origin}/api/inbox/${token}`;
    expect(await allowsPrivateTarget({ allowPrivateTargets: false, db: database().db }, url)).toBe(true);
    setEnv({ APP_URL: origin, APP_ENV: "production", AUTH_SECRET: "x".repeat(32), ENCRYPTION_KEY: env().encryptionKey.toString("base64") });
    expect(await isTestInboxTarget(database().db, url)).toBe(false);
    expect(await send(url)).toMatchObject({ success: false, errorCode: "blocked" });
  });

  it("lists the response modes the database's enum has", () => {
    expect(responseModes).toEqual(testInboxResponseModeEnum.enumValues);
  });

  it("matches the token only on the exact origin and path", () => {
    const token = "D".repeat(43);
    const origin = "http://127.0.0.1:3000";
    expect(inboxTokenOf(`${origin}/api/inbox/${token}`, origin)).toBe(token);
    expect(inboxTokenOf(`https://127.0.0.1:3000/api/inbox/${token}`, origin)).toBeNull();
    expect(inboxTokenOf(`http://user:pw@127.0.0.1:3000/api/inbox/${token}`, origin)).toBeNull();
    expect(inboxTokenOf(`${origin}/api/inbox/${token}#x`, origin)).toBeNull();
    expect(inboxTokenOf(`${origin}/api/inbox/short`, origin)).toBeNull();
  });
});
