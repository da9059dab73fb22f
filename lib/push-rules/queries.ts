import "server-only";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Queryable } from "@/db";
import { connectors, pushRules } from "@/db/schema";

/**
 * What the Push rules screen shows for one program: every live connector (the matrix columns and
 * the push destinations to choose from, inactive ones included) and the program's rules as
 * (event type, connector) cells. No connector secrets are selected.
 */
export async function getRuleMatrix(db: Queryable, programId: string) {
  const destinations = await db
    .select({ id: connectors.id, name: connectors.name, active: connectors.active })
    .from(connectors)
    .where(isNull(connectors.deletedAt))
    .orderBy(asc(sql`lower(${connectors.name})`), asc(connectors.id));
  const rules = await db
    .select({ eventType: pushRules.eventType, connectorId: pushRules.connectorId })
    .from(pushRules)
    .innerJoin(connectors, eq(connectors.id, pushRules.connectorId))
    .where(and(eq(pushRules.programId, programId), isNull(connectors.deletedAt)));
  return { connectors: destinations, rules };
}
export type RuleMatrix = Awaited<ReturnType<typeof getRuleMatrix>>;
export type PushDestination = RuleMatrix["connectors"][number];
