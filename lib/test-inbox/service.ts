import { randomBytes } from "node:crypto";
import { and, eq, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { connectors, testInboxes, testInboxRequests } from "@/db/schema";
import { assertCan, type Ctx } from "@/lib/auth/actor";
import { diff, recordAudit } from "@/lib/audit/service";
import { sealedSecretColumns, unsealConnectorSecrets } from "@/lib/connectors/queries";
import { defaultPolicy } from "@/lib/delivery/attempts/policy";
import { env } from "@/lib/env";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { clearInboxSchema, createInboxSchema, INBOX_REQUEST_LIMIT, inboxTokenSchema, inboxUrl, responseModeLabels, setResponseModeSchema } from "./schemas";
import { verifySignatures } from "./verify";

/** Bodies are kept like attempts' response bodies. */
const MAX_BODY_BYTES = defaultPolicy.maxResponseBytes;

const OFF = "The test inbox is off on this hub. Set TEST_INBOX=true to turn it on.";

/** Throws while the test inbox is off (production without TEST_INBOX=true). */
export function assertTestInboxOn() {
  if (!env().testInbox) throw new ConflictError(OFF);
}

async function inboxWithConnector(db: Db, inboxId: string) {
  const [row] = await db
    .select({ id: testInboxes.id, responseMode: testInboxes.responseMode, connectorName: connectors.name })
    .from(testInboxes)
    .innerJoin(connectors, eq(connectors.id, testInboxes.connectorId))
    .where(eq(testInboxes.id, inboxId));
  if (!row) throw new NotFoundError("Inbox");
  return row;
}

/**
 * The connector's test inbox, made on first use (one per connector, so pressing the button again
 * hands back the same URL). Only returns the URL: the admin decides whether to save it as the
 * connector's notification URL.
 */
export async function createInbox(ctx: Ctx, raw: unknown) {
  assertCan(ctx.actor, "connectors.write");
  assertTestInboxOn();
  const input = parseInput(createInboxSchema, raw);
  const { appOrigin } = env();
  return ctx.db.transaction(async (tx) => {
    const [connector] = await tx
      .select({ id: connectors.id, name: connectors.name })
      .from(connectors)
      .where(and(eq(connectors.id, input.connectorId), isNull(connectors.deletedAt)));
    if (!connector) throw new NotFoundError("Connector");
    const [created] = await tx
      .insert(testInboxes)
      .values({ connectorId: connector.id, token: randomBytes(32).toString("base64url"), createdBy: ctx.actor.id })
      .onConflictDoNothing({ target: testInboxes.connectorId })
      .returning({ id: testInboxes.id, token: testInboxes.token });
    if (created) {
      await recordAudit(tx, ctx.actor, {
        action: "test_inbox.created",
        entityType: "test_inbox",
        entityId: created.id,
        summary: `Created a test inbox for ${connector.name}`,
      });
      return { id: created.id, url: inboxUrl(appOrigin, created.token), created: true };
    }
    const [existing] = await tx
      .select({ id: testInboxes.id, token: testInboxes.token })
      .from(testInboxes)
      .where(eq(testInboxes.connectorId, connector.id));
    if (!existing) throw new Error("test inbox vanished");
    return { id: existing.id, url: inboxUrl(appOrigin, existing.token), created: false };
  });
}

export async function setResponseMode(ctx: Ctx, raw: unknown) {
  assertCan(ctx.actor, "connectors.write");
  const input = parseInput(setResponseModeSchema, raw);
  const inbox = await inboxWithConnector(ctx.db, input.inboxId);
  if (inbox.responseMode === input.responseMode) return { id: inbox.id };
  await ctx.db.transaction(async (tx) => {
    await tx.update(testInboxes).set({ responseMode: input.responseMode }).where(eq(testInboxes.id, inbox.id));
    await recordAudit(tx, ctx.actor, {
      action: "test_inbox.updated",
      entityType: "test_inbox",
      entityId: inbox.id,
      summary: `The test inbox of ${inbox.connectorName} now answers: ${responseModeLabels[input.responseMode]}`,
      changes: diff({ responseMode: inbox.responseMode }, { responseMode: input.responseMode }),
    });
  });
  return { id: inbox.id };
}

export async function clearInbox(ctx: Ctx, raw: unknown) {
  assertCan(ctx.actor, "connectors.write");
  const input = parseInput(clearInboxSchema, raw);
  const inbox = await inboxWithConnector(ctx.db, input.inboxId);
  return ctx.db.transaction(async (tx) => {
    const deleted = await tx.delete(testInboxRequests).where(eq(testInboxRequests.inboxId, inbox.id)).returning({ id: testInboxRequests.id });
    await recordAudit(tx, ctx.actor, {
      action: "test_inbox.cleared",
      entityType: "test_inbox",
      entityId: inbox.id,
      summary: `Cleared the test inbox of ${inbox.connectorName} (${deleted.length} requests)`,
    });
    return { id: inbox.id, deleted: deleted.length };
  });
}

export type CapturedRequest = { method: string; headers: Record<string, string>; body: Uint8Array };

/** PostgreSQL text cannot hold NUL characters. */
function storableBody(body: Uint8Array): { text: string; truncated: boolean } {
  const truncated = body.byteLength > MAX_BODY_BYTES;
  const kept = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, MAX_BODY_BYTES));
  return { text: kept.toString("utf8").replaceAll("\u0000", "\uFFFD"), truncated };
}

/**
 * Records a request posted to an inbox URL and says what to answer. Public (the token is the
 * credential): null when the inbox is off or the token is unknown, which the route answers 404.
 * Signatures are checked now, with the secrets valid now, as a receiver would; the count, the
 * insert and the trim to the newest INBOX_REQUEST_LIMIT run in one transaction under the inbox's
 * row lock, so concurrent requests cannot leave more behind.
 */
export async function captureRequest(db: Db, token: string, request: CapturedRequest, now = new Date()): Promise<{ status: number; requestId: number } | null> {
  if (!env().testInbox || !inboxTokenSchema.safeParse(token).success) return null;
  const [inbox] = await db
    .select({
      id: testInboxes.id,
      customHeaderNames: connectors.customHeaderNames,
      connector: sealedSecretColumns,
    })
    .from(testInboxes)
    .innerJoin(connectors, eq(connectors.id, testInboxes.connectorId))
    .where(and(eq(testInboxes.token, token), isNull(connectors.deletedAt)));
  if (!inbox) return null;
  let signingSecrets: string[] = [];
  try {
    const secrets = unsealConnectorSecrets(inbox.connector, now);
    signingSecrets = [secrets.secret, secrets.previousSecret].filter((s): s is string => !!s);
  } catch {
    // A secret that no longer decrypts (ENCRYPTION_KEY changed) verifies nothing: the request is still worth keeping.
  }
  const verdicts = verifySignatures(request.headers, request.body, signingSecrets, now);
  const secretNames = [inbox.connector.authHeaderName, ...inbox.customHeaderNames]
    .filter((name): name is string => !!name)
    .map((name) => name.toLowerCase())
    .filter((name) => name in request.headers);
  const body = storableBody(request.body);

  return db.transaction(async (tx) => {
    const [counted] = await tx
      .update(testInboxes)
      .set({ requestCount: sql`${testInboxes.requestCount} + 1` })
      .where(eq(testInboxes.id, inbox.id))
      .returning({ count: testInboxes.requestCount, mode: testInboxes.responseMode });
    if (!counted) return null;
    const status = counted.mode === "fail-every-3rd" && counted.count % 3 === 0 ? 500 : 200;
    const [row] = await tx
      .insert(testInboxRequests)
      .values({
        inboxId: inbox.id,
        receivedAt: now,
        method: request.method,
        headers: request.headers,
        secretHeaderNames: secretNames,
        body: body.text,
        bodyTruncated: body.truncated,
        qualifioSignature: verdicts.qualifio,
        standardSignature: verdicts.standard,
        responseStatus: status,
      })
      .returning({ id: testInboxRequests.id });
    await tx.execute(sql`
      delete from ${testInboxRequests}
      where ${testInboxRequests.inboxId} = ${inbox.id}
        and ${testInboxRequests.id} < (
          select ${testInboxRequests.id} from ${testInboxRequests}
          where ${testInboxRequests.inboxId} = ${inbox.id}
          order by ${testInboxRequests.id} desc offset ${INBOX_REQUEST_LIMIT - 1} limit 1)`);
    return { status, requestId: row!.id };
  });
}

/** Deletes captured requests received before `cutoff`; the retention job calls it with the log's cutoff. */
export async function deleteExpiredInboxRequests(db: Db, cutoff: Date): Promise<number> {
  const deleted = await db.delete(testInboxRequests).where(lt(testInboxRequests.receivedAt, cutoff)).returning({ id: testInboxRequests.id });
  return deleted.length;
}
