import { and, eq, isNull } from "drizzle-orm";
import { connectors, programs } from "@/db/schema";
import { assertCan, type Ctx } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { fanOutEvent } from "@/lib/delivery/engine/fanout";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { ingestEvents, validateIngestBody } from "@/lib/events/ingest";
import { eventTypeLabel } from "@/lib/events/types";
import { parseInput } from "@/lib/validation";
import { sendTestEventSchema } from "./schemas";

/**
 * Sends an event marked `"test": true` through the normal pipeline to one connector only, whatever
 * the push rules say and even before the connector is active (that is when people test). The
 * delivery row is planned here, so the caller can link straight to its log entry.
 */
export async function sendTestEvent(ctx: Ctx, raw: unknown, dispatch: (eventIds: string[]) => Promise<void>) {
  assertCan(ctx.actor, "test-events.send");
  const input = parseInput(sendTestEventSchema, raw);
  let payload: unknown;
  try {
    payload = JSON.parse(input.payload);
  } catch {
    throw new ValidationError("The body is not valid JSON.", { payload: ["Not valid JSON. Check quotes and commas."] });
  }
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) {
    throw new ValidationError("The body must be an object.", { payload: ['Use an object like { "member": {…}, "data": {…} }.'] });
  }
  const validated = validateIngestBody({ ...(payload as object), type: input.type });
  if (!validated.ok) {
    const messages = validated.issues.map((i) => `${i.path}: ${i.message}`);
    throw new ValidationError("The body does not match this event type.", { payload: messages });
  }

  const [connector] = await ctx.db
    .select({ id: connectors.id, name: connectors.name, url: connectors.notificationUrl })
    .from(connectors)
    .where(and(eq(connectors.id, input.connectorId), isNull(connectors.deletedAt)));
  if (!connector) throw new NotFoundError("Connector");
  if (!connector.url) throw new ConflictError("Save a notification URL before sending a test event.");
  const [program] = await ctx.db.select({ id: programs.id, name: programs.name }).from(programs).where(eq(programs.id, input.programId));
  if (!program) throw new ValidationError("Choose a program.", { programId: ["Unknown program."] });

  const [event] = await ingestEvents(ctx.db, program.id, validated.items, { test: true, targetConnectorId: connector.id });
  const { deliveryIds } = await fanOutEvent(ctx.db, event!.id);
  await recordAudit(ctx.db, ctx.actor, {
    action: "connector.test_event_sent",
    entityType: "connector",
    entityId: connector.id,
    summary: `Sent a test ${eventTypeLabel(input.type)} event to ${connector.name} (${program.name})`,
  });
  await dispatch([event!.id]);
  return { eventId: event!.id, deliveryId: deliveryIds[0] ?? null };
}
