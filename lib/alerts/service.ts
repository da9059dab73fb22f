import { and, eq, isNull, sql } from "drizzle-orm";
import { connectors, users } from "@/db/schema";
import { assertCan, type Ctx } from "@/lib/auth/actor";
import { diff, updateAudited } from "@/lib/audit/service";
import { lockConnector } from "@/lib/connectors/service";
import { ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { updateAlertSettingsSchema } from "./schemas";

/**
 * Saves a connector's Alerts card: when it counts as failing (consecutive failed attempts, a
 * success rate over 15 minutes, or both; blank turns a ground off) and which connector receives
 * its signed operational events. Audited; the open episode, if any, is left as it is.
 */
export async function updateAlertSettings(ctx: Ctx, raw: unknown) {
  assertCan(ctx.actor, "connectors.write");
  const input = parseInput(updateAlertSettingsSchema, raw);
  return ctx.db.transaction(async (tx) => {
    const row = await lockConnector(tx, input.connectorId);
    let destinationName: string | null = null;
    if (input.alertDestinationId) {
      if (input.alertDestinationId === row.id) {
        throw new ValidationError("Check the highlighted fields.", {
          alertDestinationId: ["Choose another connector: a failing receiver cannot be told that it is failing."],
        });
      }
      const [destination] = await tx
        .select({ name: connectors.name })
        .from(connectors)
        .where(and(eq(connectors.id, input.alertDestinationId), isNull(connectors.deletedAt)));
      if (!destination) {
        throw new ValidationError("Check the highlighted fields.", { alertDestinationId: ["That connector no longer exists. Choose another."] });
      }
      destinationName = destination.name;
    }
    const before = {
      alertAfterFailures: row.alertAfterFailures,
      alertSuccessRateBelow: row.alertSuccessRateBelow,
      alertDestinationId: row.alertDestinationId,
    };
    const after = {
      alertAfterFailures: input.alertAfterFailures,
      alertSuccessRateBelow: input.alertSuccessRateBelow,
      alertDestinationId: input.alertDestinationId,
    };
    const changes = diff(before, after);
    if (Object.keys(changes).length === 0) return { id: row.id };
    const grounds = [
      input.alertAfterFailures ? `after ${input.alertAfterFailures} consecutive failures` : null,
      input.alertSuccessRateBelow ? `under ${input.alertSuccessRateBelow} % success in 15 minutes` : null,
    ].filter(Boolean);
    await updateAudited(tx, ctx.actor, connectors, row.id, after, {
      action: "connector.alerts_updated",
      entityType: "connector",
      summary: `Updated the alerts of ${row.name}: ${grounds.length ? grounds.join(" or ") : "no failing alerts"}${
        destinationName ? `, sent to ${destinationName}` : ""
      }`,
      changes,
    });
    return { id: row.id };
  });
}

/** The bell: everything up to now counts as read for this user. */
export async function markAlertsRead(ctx: Ctx) {
  assertCan(ctx.actor, "connectors.read");
  await ctx.db.update(users).set({ alertsReadAt: sql`now()` }).where(eq(users.id, ctx.actor.id));
  return { ok: true as const };
}
