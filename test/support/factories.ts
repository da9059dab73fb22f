import { randomBytes } from "node:crypto";
import type { Db } from "@/db";
import { connectors, programs, type Role } from "@/db/schema";
import type { Actor, Ctx } from "@/lib/auth/actor";
import { insertUser } from "@/lib/users/service";

export function unique(prefix: string) {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export const TEST_PASSWORD = "correct horse battery";

/** A user with a unique email; returns it as an Actor for calling verbs. */
export async function makeUser(db: Db, role: Role, overrides: { email?: string; name?: string } = {}): Promise<Actor> {
  const email = overrides.email ?? `${unique(role)}@test.example`;
  const user = await insertUser(db, null, { name: overrides.name ?? `Test ${role}`, email, role, password: TEST_PASSWORD });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export async function makeCtx(db: Db, role: Role): Promise<Ctx> {
  return { db, actor: await makeUser(db, role) };
}

export async function makeProgram(db: Db, name = unique("Program")) {
  const [program] = await db.insert(programs).values({ name }).returning();
  return program!;
}

/** A live connector with a unique name and no secrets; for tests that only need one to exist. */
export async function makeConnector(db: Db, overrides: Partial<typeof connectors.$inferInsert> = {}) {
  const [connector] = await db.insert(connectors).values({ name: unique("Connector"), ...overrides }).returning();
  return connector!;
}

/** An ingest API key for a program; returns the full key (shown once in the UI). */
export async function makeApiKey(db: Db, programId: string) {
  const { generateApiKey } = await import("@/lib/api-keys/keys");
  const { apiKeys } = await import("@/db/schema");
  const generated = generateApiKey();
  const [row] = await db
    .insert(apiKeys)
    .values({ programId, label: unique("key"), prefix: generated.prefix, keyHash: generated.keyHash })
    .returning();
  return { ...row!, key: generated.key };
}

/** Push `eventType` events of the program to the connector. */
export async function makePushRule(db: Db, programId: string, eventType: string, connectorId: string) {
  const { pushRules } = await import("@/db/schema");
  await db.insert(pushRules).values({ programId, eventType, connectorId });
}

/** A stored event with the catalog's example member and data, not fanned out yet. */
export async function makeEvent(
  db: Db,
  programId: string,
  overrides: Partial<Omit<typeof import("@/db/schema").events.$inferInsert, "programId">> = {},
) {
  const { events } = await import("@/db/schema");
  const { exampleInput } = await import("@/lib/events/catalog");
  const example = exampleInput((overrides.type ?? "points.earned") as Parameters<typeof exampleInput>[0]);
  const [event] = await db
    .insert(events)
    .values({
      programId,
      type: example.type,
      member: example.member,
      memberId: example.member.id,
      memberEmail: example.member.email ?? null,
      data: example.data,
      occurredAt: new Date(),
      ...overrides,
    })
    .returning();
  return event!;
}

/** A delivery of `event` to a connector, pending and due now unless overridden. */
export async function makeDelivery(
  db: Db,
  event: { id: string; programId: string; type: string; test?: boolean },
  connectorId: string,
  overrides: Partial<typeof import("@/db/schema").deliveries.$inferInsert> = {},
) {
  const { deliveries } = await import("@/db/schema");
  const [delivery] = await db
    .insert(deliveries)
    .values({
      eventId: event.id,
      connectorId,
      programId: event.programId,
      eventType: event.type,
      test: event.test ?? false,
      nextAttemptAt: new Date(),
      ...overrides,
    })
    .returning();
  return delivery!;
}
