import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { attempts, auditLog, deliveries, resends } from "@/db/schema";
import { fanOutEvent } from "@/lib/delivery/engine/fanout";
import { DomainError, ForbiddenError, ValidationError } from "@/lib/errors";
import { makeCtx, makeProgram } from "@/test/support/factories";
import { useTestDatabase } from "@/test/support/db";
import { ingestExample, setUpConnector, subscribe, testRuntime } from "@/test/support/pipeline";
import { useReceivers } from "@/test/support/processes";
import type { Reply } from "@/test/support/receiver";
import { resendWithChanges } from "./resend";
import { getOriginalRequest, listResends } from "./resend-queries";

const database = useTestDatabase();
const startReceiver = useReceivers();

/** A Standard Webhooks secret, so one connector setup serves both signature schemes. */
const SECRET = `whsec_${Buffer.from("edited-resend-secret-0123456789!").toString("base64")}`;
const AUTH = { name: "Authorization", value: "Bearer auth-token-abcdef" };

const receiver = (reply?: (n: number) => Reply) => startReceiver({ secrets: [SECRET], reply });

/** A pending delivery to a connector with a secret, an auth header and a custom header; no worker runs here. */
async function aDelivery(options: { signatureScheme?: "qualifio" | "qualifio+standard"; reply?: (n: number) => Reply } = {}) {
  const { db } = database();
  const admin = await makeCtx(db, "admin");
  const own = await receiver(options.reply);
  const program = await makeProgram(db);
  const connectorId = await setUpConnector(admin, {
    url: own.url,
    secret: SECRET,
    authHeader: AUTH,
    customHeaders: [{ name: "X-Tenant", value: "tenant-secret-value" }],
    signatureScheme: options.signatureScheme,
  });
  await subscribe(db, program.id, connectorId, "points.earned");
  const eventId = await ingestExample(db, program.id, "points.earned");
  const { deliveryIds } = await fanOutEvent(db, eventId);
  const deliveryId = deliveryIds[0]!;
  const original = (await getOriginalRequest(db, deliveryId))!;
  return { admin, own, connectorId, deliveryId, original };
}

/** The original's body with the first event's data changed, pretty-printed as the dialog shows it. */
function editedBody(originalBody: string) {
  const [event] = JSON.parse(originalBody) as [{ data: Record<string, unknown> }];
  event.data = { ...event.data, points: 999 };
  return JSON.stringify([event], null, 2);
}

async function snapshot(deliveryId: string) {
  const { db } = database();
  const [row] = await db.select().from(deliveries).where(eq(deliveries.id, deliveryId));
  const tries = await db.select().from(attempts).where(eq(attempts.deliveryId, deliveryId));
  return { row, tries };
}

async function resendRows(deliveryId: string) {
  const { db } = database();
  return db.select().from(resends).where(eq(resends.deliveryId, deliveryId));
}

describe("resend with changes", () => {
  it("signs the edited body anew and sends it to another URL, leaving the original delivery untouched", async () => {
    const { db } = database();
    const { admin, own, deliveryId, original } = await aDelivery();
    const other = await receiver(() => ({ status: 200, headers: { "content-type": "application/json" }, body: '{"ok":true}' }));
    const before = await snapshot(deliveryId);

    const outcome = await resendWithChanges(admin, { deliveryId, url: other.url, body: editedBody(original.body) }, testRuntime(db));
    expect(outcome).toMatchObject({ success: true, status: 200 });

    expect(own.received).toHaveLength(0);
    expect(other.received).toHaveLength(1);
    const [arrived] = other.received;
    // The receiver's own HMAC check of the bytes it read off the wire.
    expect(arrived!.qualifioValidFor).toEqual([SECRET]);
    expect(arrived!.body).toBe(JSON.stringify(JSON.parse(editedBody(original.body))));
    expect(arrived!.events?.[0]).toMatchObject({ data: { points: 999 } });
    expect(arrived!.headers.authorization).toBe(AUTH.value);
    expect(arrived!.headers["x-tenant"]).toBe("tenant-secret-value");
    expect(arrived!.headers["x-qualifio-delivery"]).toBe(outcome.id);
    expect(arrived!.headers["x-qualifio-resend-of"]).toBe(deliveryId);

    expect(await snapshot(deliveryId)).toEqual(before);

    const [stored] = await resendRows(deliveryId);
    expect(stored).toMatchObject({
      id: outcome.id,
      createdBy: admin.actor.id,
      url: other.url,
      urlChanged: true,
      bodyChanged: true,
      originalBody: original.body,
      requestBody: arrived!.body,
      responseStatus: 200,
      responseBody: '{"ok":true}',
      success: true,
    });
    expect(stored!.requestHeaders).toMatchObject({
      "X-Qualifio-Signature": "[redacted]",
      Authorization: "[redacted]",
      "X-Tenant": "[redacted]",
      "X-Qualifio-Resend-Of": deliveryId,
    });

    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, deliveryId), eq(auditLog.action, "delivery.resent_with_changes")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.actor.id, entityType: "delivery" });
    expect(audit[0]!.summary).toContain("an edited body");
    expect(audit[0]!.changes).toEqual({ url: { before: own.url, after: other.url } });
  });

  it("sends the original body to the connector's URL unchanged, with both signature schemes", async () => {
    const { db } = database();
    const { admin, own, deliveryId, original } = await aDelivery({ signatureScheme: "qualifio+standard" });
    const pretty = JSON.stringify(JSON.parse(original.body), null, 2);
    await resendWithChanges(admin, { deliveryId, url: own.url, body: pretty }, testRuntime(db));
    expect(own.received).toHaveLength(1);
    expect(own.received[0]!.body).toBe(original.body);
    expect(own.received[0]!.qualifioValidFor).toEqual([SECRET]);
    expect(own.received[0]!.standardValidFor).toEqual([SECRET]);
    const [stored] = await resendRows(deliveryId);
    expect(stored).toMatchObject({ urlChanged: false, bodyChanged: false, success: true, responseStatus: 204 });
  });

  it("records a receiver's failure like an attempt: truncated response, echoed secrets redacted", async () => {
    const { db } = database();
    const echo = `${AUTH.value} ${"x".repeat(100 * 1024)}`;
    const { admin, deliveryId, original, own } = await aDelivery({ reply: () => ({ status: 500, body: echo }) });
    const outcome = await resendWithChanges(admin, { deliveryId, url: own.url, body: editedBody(original.body) }, testRuntime(db));
    expect(outcome).toMatchObject({ success: false, status: 500 });
    const [stored] = await resendRows(deliveryId);
    expect(stored).toMatchObject({ success: false, responseStatus: 500, responseTruncated: true, errorCode: "http" });
    expect(stored!.responseBody!.startsWith("[redacted]")).toBe(true);
    expect(stored!.responseBody).not.toContain("auth-token-abcdef");
    expect(stored!.responseBody!.length).toBeLessThanOrEqual(64 * 1024);
  });

  it("is refused to a marketer with a clear error, and sends nothing", async () => {
    const { db } = database();
    const { own, deliveryId, original } = await aDelivery();
    const marketer = await makeCtx(db, "marketer");
    const attempt = resendWithChanges(marketer, { deliveryId, url: own.url, body: original.body }, testRuntime(db));
    await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
    await expect(attempt).rejects.toThrow("Only admins can resend a delivery with changes.");
    expect(own.received).toHaveLength(0);
    expect(await resendRows(deliveryId)).toHaveLength(0);
  });

  it("refuses a URL the SSRF guard blocks with a field error, recording nothing", async () => {
    const { db } = database();
    const { admin, own, deliveryId, original } = await aDelivery();
    const guarded = testRuntime(db, {
      allowPrivateTargets: false,
      // A public-looking name that resolves inward, as a hostile DNS answer would.
      lookup: async () => [{ address: "10.0.0.7", family: 4 }],
    });
    for (const url of ["http://169.254.169.254/latest/meta-data", "https://receiver.example.com/hook"]) {
      const error = await resendWithChanges(admin, { deliveryId, url, body: original.body }, guarded).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as DomainError).fieldErrors?.url?.[0]).toMatch(/^Blocked target: .*(metadata|private) address/);
    }
    expect(own.received).toHaveLength(0);
    expect(await resendRows(deliveryId)).toHaveLength(0);
  });

  it("refuses a body that is not JSON, one too large, and a URL that is not http(s), with field errors", async () => {
    const { db } = database();
    const { admin, own, deliveryId, original } = await aDelivery();
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ url: own.url, body: '[{"id": 1,}]' }, "body", /Not valid JSON/],
      [{ url: own.url, body: "   " }, "body", /Enter a body/],
      [{ url: own.url, body: JSON.stringify({ big: "x".repeat(300 * 1024) }) }, "body", /256 KiB/],
      [{ url: "ftp://example.com/hook", body: original.body }, "url", /http:\/\/ or https:\/\//],
      [{ url: "", body: original.body }, "url", /Enter a URL/],
    ];
    for (const [input, field, message] of cases) {
      const error = await resendWithChanges(admin, { deliveryId, ...input }, testRuntime(db)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as DomainError).fieldErrors?.[field]?.join(" ")).toMatch(message);
    }
    expect(own.received).toHaveLength(0);
    expect(await resendRows(deliveryId)).toHaveLength(0);
  });

  it("lists resends newest first with the body diff, and masks URLs for marketers", async () => {
    const { db } = database();
    const { admin, own, deliveryId, original } = await aDelivery();
    const other = await receiver();
    await resendWithChanges(admin, { deliveryId, url: own.url, body: original.body }, testRuntime(db));
    await resendWithChanges(admin, { deliveryId, url: `${other.url}?token=abc`, body: editedBody(original.body) }, testRuntime(db));

    const listed = await listResends(db, deliveryId, "admin");
    expect(listed.map((r) => r.urlChanged)).toEqual([true, false]);
    expect(listed[0]!.createdByEmail).toBe(admin.actor.email);
    const lines = listed[0]!.bodyDiff.flatMap((h) => h.lines);
    expect(lines.filter((l) => l.kind !== "context").map((l) => `${l.kind} ${l.text.trim()}`)).toEqual([
      expect.stringMatching(/^removed "points": \d+,?$/),
      expect.stringMatching(/^added "points": 999,?$/),
    ]);
    expect(listed[1]!.bodyDiff).toEqual([]);

    const asMarketer = await listResends(db, deliveryId, "marketer");
    expect(asMarketer[0]!.url).toBe("http://127.0.0.1:" + new URL(other.url).port + "/••••");
  });
});
