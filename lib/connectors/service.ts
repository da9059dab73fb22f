import { and, eq, isNull, sql } from "drizzle-orm";
import type { Queryable } from "@/db";
import { connectors, pushRules, type Connector } from "@/db/schema";
import { assertCan, type Ctx } from "@/lib/auth/actor";
import { diff, insertAudited, recordAudit, updateAudited } from "@/lib/audit/service";
import { NotFoundError, ValidationError, uniqueTransaction, type FieldErrors } from "@/lib/errors";
import { env } from "@/lib/env";
import { parseInput } from "@/lib/validation";
import {
  connectorIdSchema,
  createConnectorSchema,
  notificationUrlProblem,
  rotateSecretSchema,
  setActiveSchema,
  updateGeneralSchema,
  updateGlobalVariablesSchema,
} from "./schemas";
import { generateWebhookSecret, isStandardWebhooksSecret, secretHint } from "./secrets";
import { seal, sealCustomHeaders, unseal, unsealCustomHeaders } from "./stored";

/** Audit fields whose values are never written, only the fact that they changed. */
const SECRET_FIELDS = ["secret", "authHeaderValue", "customHeaders"] as const;

/** The live-name unique index is the only guard: two admins racing get the same field error. */
const NAME_TAKEN = { field: "name", message: "A connector with this name already exists." };

/** A live connector, locked for the rest of the transaction. */
export async function lockConnector(tx: Queryable, id: string): Promise<Connector> {
  const [row] = await tx
    .select()
    .from(connectors)
    .where(and(eq(connectors.id, id), isNull(connectors.deletedAt)))
    .for("update");
  if (!row) throw new NotFoundError("Connector");
  return row;
}

export async function createConnector(ctx: Ctx, raw: unknown) {
  assertCan(ctx.actor, "connectors.write");
  const input = parseInput(createConnectorSchema, raw);
  const row = await uniqueTransaction(ctx.db, NAME_TAKEN, (tx) =>
    insertAudited(tx, ctx.actor, connectors, { name: input.name, active: false, createdBy: ctx.actor.id }, (row) => ({
      action: "connector.created",
      entityType: "connector",
      summary: `Created connector ${row.name}`,
      changes: diff(null, { name: row.name, active: false }),
    })),
  );
  return { id: row.id, name: row.name };
}

export async function updateGeneral(ctx: Ctx, raw: unknown) {
  assertCan(ctx.actor, "connectors.write");
  const input = parseInput(updateGeneralSchema, raw);
  return uniqueTransaction(ctx.db, NAME_TAKEN, async (tx) => {
    const row = await lockConnector(tx, input.connectorId);
    const changes = diff(
      { name: row.name, description: row.description },
      { name: input.name, description: input.description },
    );
    if (!Object.keys(changes).length) return { id: row.id };
    await updateAudited(tx, ctx.actor, connectors, row.id, { name: input.name, description: input.description }, {
      action: "connector.updated",
      entityType: "connector",
      summary: `Updated the general settings of ${input.name}`,
      changes,
    });
    return { id: row.id };
  });
}

/**
 * Saves the Global variables tab. Blank secret and auth header value fields mean "keep the
 * stored one", because stored values are never sent back to the form.
 */
export async function updateGlobalVariables(ctx: Ctx, raw: unknown) {
  assertCan(ctx.actor, "connectors.write");
  const input = parseInput(updateGlobalVariablesSchema, raw);
  return ctx.db.transaction(async (tx) => {
    const row = await lockConnector(tx, input.connectorId);
    const stored = {
      secret: unseal(row.secretEncrypted, row.id, "secret"),
      authHeaderValue: unseal(row.authHeaderValueEncrypted, row.id, "auth_header_value"),
      customHeaders: unsealCustomHeaders(row.customHeadersEncrypted, row.id),
    };
    const errors: FieldErrors = {};
    const fail = (field: string, message: string) => void (errors[field] ??= []).push(message);

    const secret = input.secret ?? stored.secret;
    const authHeaderName = input.authHeaderName;
    const authHeaderValue = authHeaderName ? input.authHeaderValue || stored.authHeaderValue : null;
    if (!authHeaderName && input.authHeaderValue) fail("authHeaderName", "Enter the header name this value belongs to.");
    if (authHeaderName && !authHeaderValue) fail("authHeaderValue", "Enter the header value.");

    const seen = new Set(authHeaderName ? [authHeaderName.toLowerCase()] : []);
    input.customHeaders.forEach((header, i) => {
      const key = header.name.toLowerCase();
      if (seen.has(key)) fail(`customHeaders.${i}.name`, `${header.name} is already set above.`);
      seen.add(key);
    });

    if (input.signatureScheme === "qualifio+standard") {
      if (!secret) fail("secret", "Standard Webhooks signatures need a secret: generate one.");
      else if (!isStandardWebhooksSecret(secret)) {
        fail("secret", "Standard Webhooks needs a whsec_ secret (base64, 24–64 bytes): generate one.");
      }
    }
    if (input.orderedByMember && !row.orderedByMember && env().delivery.engine === "inngest") {
      fail(
        "orderedByMember",
        "Not available with the Inngest engine: it runs each delivery on its own, so a member's later events cannot be held back. The local delivery driver (DELIVERY_ENGINE=local) supports it.",
      );
    }
    if (row.active && !input.notificationUrl) {
      fail("notificationUrl", "An active connector needs a notification URL. Turn it off first to remove it.");
    }
    if (Object.keys(errors).length) throw new ValidationError("Check the highlighted fields.", errors);

    const before = {
      notificationUrl: row.notificationUrl,
      secret: stored.secret,
      authHeaderName: row.authHeaderName,
      authHeaderValue: stored.authHeaderValue,
      customHeaderNames: row.customHeaderNames,
      // null rather than [] so the audit shows "none" instead of a redacted empty list.
      customHeaders: stored.customHeaders.length ? stored.customHeaders : null,
      signatureScheme: row.signatureScheme,
      timeoutMs: row.timeoutMs,
      maxInFlight: row.maxInFlight,
      rateLimitPerSecond: row.rateLimitPerSecond,
      orderedByMember: row.orderedByMember,
    };
    const after = {
      notificationUrl: input.notificationUrl,
      secret,
      authHeaderName,
      authHeaderValue,
      customHeaderNames: input.customHeaders.map((h) => h.name),
      customHeaders: input.customHeaders.length ? input.customHeaders : null,
      signatureScheme: input.signatureScheme,
      timeoutMs: input.timeoutMs,
      maxInFlight: input.maxInFlight,
      rateLimitPerSecond: input.rateLimitPerSecond,
      orderedByMember: input.orderedByMember,
    };
    const changes = diff(before, after, SECRET_FIELDS);
    if (!Object.keys(changes).length) return { id: row.id };

    await updateAudited(
      tx,
      ctx.actor,
      connectors,
      row.id,
      {
        notificationUrl: after.notificationUrl,
        authHeaderName: after.authHeaderName,
        customHeaderNames: after.customHeaderNames,
        signatureScheme: after.signatureScheme,
        timeoutMs: after.timeoutMs,
        maxInFlight: after.maxInFlight,
        rateLimitPerSecond: after.rateLimitPerSecond,
        orderedByMember: after.orderedByMember,
        // Re-encrypt only what changed, so an unrelated save leaves the stored ciphertexts alone.
        ...(changes.authHeaderValue && { authHeaderValueEncrypted: authHeaderValue ? seal(authHeaderValue, row.id, "auth_header_value") : null }),
        ...(changes.customHeaders && { customHeadersEncrypted: sealCustomHeaders(input.customHeaders, row.id) }),
        // Replacing (unlike rotating) switches at once: an old secret left in overlap would outlive it.
        ...(changes.secret &&
          secret && {
            secretEncrypted: seal(secret, row.id, "secret"),
            secretHint: secretHint(secret),
            previousSecretEncrypted: null,
            previousSecretExpiresAt: null,
          }),
      },
      { action: "connector.updated", entityType: "connector", summary: `Updated the global variables of ${row.name}`, changes },
    );
    if (changes.orderedByMember) await orderOpenDeliveries(tx, row.id, after.orderedByMember);
    return { id: row.id };
  });
}

const ACTIVATION_NEEDS_URL =
  "Add a valid notification URL on the Global variables tab before turning this connector on.";

export async function setActive(ctx: Ctx, raw: unknown) {
  assertCan(ctx.actor, "connectors.write");
  const input = parseInput(setActiveSchema, raw);
  return ctx.db.transaction(async (tx) => {
    const row = await lockConnector(tx, input.connectorId);
    if (row.active === input.active) return { id: row.id, active: row.active };
    if (input.active && (!row.notificationUrl || notificationUrlProblem(row.notificationUrl))) {
      throw new ValidationError(ACTIVATION_NEEDS_URL, { active: [ACTIVATION_NEEDS_URL] });
    }
    // Turning a connector on by hand is the admin's answer to an automatic turn-off: start afresh.
    const reset = input.active ? { disabledReason: null, disabledAt: null, failingSince: null } : {};
    await updateAudited(tx, ctx.actor, connectors, row.id, { active: input.active, ...reset }, {
      action: input.active ? "connector.activated" : "connector.deactivated",
      entityType: "connector",
      summary: `${input.active ? "Turned on" : "Turned off"} connector ${row.name}`,
      changes: diff(
        { active: row.active, disabledReason: row.disabledReason },
        { active: input.active, disabledReason: input.active ? null : row.disabledReason },
      ),
    });
    return { id: row.id, active: input.active };
  });
}

/**
 * Generates a new current secret and keeps the old one valid for the overlap window, so
 * deliveries carry both signatures while the receiver switches. Only one previous secret is
 * kept: rotating again during an overlap ends the older one at once.
 */
export async function rotateSecret(ctx: Ctx, raw: unknown) {
  assertCan(ctx.actor, "connectors.write");
  // The new secret is returned once to show to the admin.
  assertCan(ctx.actor, "connectors.secrets");
  const input = parseInput(rotateSecretSchema, raw);
  return ctx.db.transaction(async (tx) => {
    const row = await lockConnector(tx, input.connectorId);
    if (!row.secretEncrypted) {
      throw new ValidationError("Save a webhook secret before rotating it.", {
        secret: ["Save a webhook secret before rotating it."],
      });
    }
    const secret = generateWebhookSecret();
    const previousSecretExpiresAt = new Date(Date.now() + input.overlapHours * 3_600_000);
    const rotated = {
      secretEncrypted: seal(secret, row.id, "secret"),
      secretHint: secretHint(secret),
      // Sealed again rather than copied: each value opens only in its own column.
      previousSecretEncrypted: seal(unseal(row.secretEncrypted, row.id, "secret")!, row.id, "previous_secret"),
      previousSecretExpiresAt,
      secretRotatedAt: sql`now()`,
    };
    await updateAudited(tx, ctx.actor, connectors, row.id, rotated, {
      action: "connector.secret_rotated",
      entityType: "connector",
      summary: `Rotated the webhook secret of ${row.name}; the previous secret stays valid for ${input.overlapHours} h`,
      changes: diff(
        { secret: "current", previousSecretExpiresAt: row.previousSecretExpiresAt?.toISOString() ?? null },
        { secret: "new", previousSecretExpiresAt: previousSecretExpiresAt.toISOString() },
        ["secret"],
      ),
    });
    return { id: row.id, secret, previousSecretExpiresAt };
  });
}

export async function revealSecret(ctx: Ctx, raw: unknown) {
  assertCan(ctx.actor, "connectors.secrets");
  const input = parseInput(connectorIdSchema, raw);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: connectors.id, name: connectors.name, secretEncrypted: connectors.secretEncrypted })
      .from(connectors)
      .where(and(eq(connectors.id, input.connectorId), isNull(connectors.deletedAt)));
    if (!row) throw new NotFoundError("Connector");
    const secret = unseal(row.secretEncrypted, row.id, "secret");
    if (!secret) throw new NotFoundError("A webhook secret for this connector");
    await recordAudit(tx, ctx.actor, {
      action: "connector.secret_revealed",
      entityType: "connector",
      entityId: row.id,
      summary: `Revealed the webhook secret of ${row.name}`,
    });
    return { secret };
  });
}

/**
 * Soft delete: past deliveries keep pointing at the row so the event logs stay readable, while
 * its push rules go so nothing new is planned for it.
 */
export async function deleteConnector(ctx: Ctx, raw: unknown) {
  assertCan(ctx.actor, "connectors.write");
  const input = parseInput(connectorIdSchema, raw);
  return ctx.db.transaction(async (tx) => {
    const row = await lockConnector(tx, input.connectorId);
    const removed = await tx
      .delete(pushRules)
      .where(eq(pushRules.connectorId, row.id))
      .returning({ programId: pushRules.programId });
    await updateAudited(tx, ctx.actor, connectors, row.id, { active: false, deletedAt: sql`now()` }, {
      action: "connector.deleted",
      entityType: "connector",
      summary: `Deleted connector ${row.name}${removed.length ? ` and its ${removed.length} push rule(s)` : ""}`,
      changes: diff(
        { deleted: false, active: row.active, pushRules: removed.length },
        { deleted: true, active: false, pushRules: 0 },
      ),
    });
    return { id: row.id };
  });
}

/**
 * Member ordering follows deliveries.member_id, which planning copies only for member-ordered
 * connectors: switching the option copies it onto the connector's open deliveries (so they are
 * ordered too, in planning order) or clears it (so nothing waits any more).
 */
async function orderOpenDeliveries(tx: Queryable, connectorId: string, ordered: boolean) {
  await tx.execute(
    ordered
      ? sql`update deliveries d set member_id = e.member_id from events e
            where e.id = d.event_id and d.connector_id = ${connectorId} and d.status in ('pending', 'retrying') and d.member_id is null`
      : sql`update deliveries set member_id = null
            where connector_id = ${connectorId} and status in ('pending', 'retrying') and member_id is not null`,
  );
}
