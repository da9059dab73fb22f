import "server-only";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Queryable } from "@/db";
import { connectors, pushRules } from "@/db/schema";
import type { Filter } from "./filter";
import { skippedLastDay } from "./skips";

/**
 * What the Push rules screen shows for one program: every live connector (the matrix columns and
 * the push destinations to choose from, inactive ones included) and the program's rules as
 * (event type, connector) cells, each with its Filter and how many events that filter skipped in
 * the last 24 hours. No connector secrets are selected.
 */
export async function getRuleMatrix(db: Queryable, programId: string, now = new Date()) {
  const destinations = await db
    .select({ id: connectors.id, name: connectors.name, active: connectors.active })
    .from(connectors)
    .where(isNull(connectors.deletedAt))
    .orderBy(asc(sql`lower(${connectors.name})`), asc(connectors.id));
  const rows = await db
    .select({ eventType: pushRules.eventType, connectorId: pushRules.connectorId, filter: pushRules.filter })
    .from(pushRules)
    .innerJoin(connectors, eq(connectors.id, pushRules.connectorId))
    .where(and(eq(pushRules.programId, programId), isNull(connectors.deletedAt)));
  const skipped = await skippedLastDay(db, programId, now);
  const rules = rows.map((r) => ({
    eventType: r.eventType,
    connectorId: r.connectorId,
    filter: (r.filter as Filter | null) ?? null,
    skipped: skipped.get(`${r.eventType}|${r.connectorId}`) ?? 0,
  }));
  return { connectors: destinations, rules };
}
type RuleMatrix = Awaited<ReturnType<typeof getRuleMatrix>>;
export type PushDestination = RuleMatrix["connectors"][number];
export type MatrixRule = RuleMatrix["rules"][number];

/** Whether any program pushes any event type yet: the Overview's "Getting started" checks it off. */
export async function hasAnyPushRule(db: Queryable): Promise<boolean> {
  const [rule] = await db.select({ programId: pushRules.programId }).from(pushRules).limit(1);
  return !!rule;
}
