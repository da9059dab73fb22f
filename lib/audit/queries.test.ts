import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { encodeCursor } from "@/lib/pagination/keyset";
import { useTestDatabase } from "@/test/support/db";
import { makeUser, unique } from "@/test/support/factories";
import { listAuditEntityTypes, listAuditEntries } from "./queries";
import { parseAuditFilters, type AuditFilters } from "./schemas";

const database = useTestDatabase();
const db = () => database().db;

type Seed = { at: string; action?: string; summary?: string; actor?: { id: string; email: string } | null };

/** Rows of a fresh entity type, so each test reads only its own entries. */
async function seed(rows: Seed[]) {
  const entityType = unique("thing");
  const inserted = await db()
    .insert(auditLog)
    .values(
      rows.map((r) => ({
        at: sql`${r.at}::timestamptz`,
        actorId: r.actor?.id ?? null,
        actorEmail: r.actor?.email ?? "system",
        action: r.action ?? `${entityType}.changed`,
        entityType,
        summary: r.summary ?? "Changed a thing",
      })),
    )
    .returning({ id: auditLog.id });
  return { entityType, ids: inserted.map((r) => r.id) };
}

async function ids(filters: AuditFilters) {
  return (await listAuditEntries(db(), filters)).entries.map((e) => e.id);
}

async function allPages(filters: AuditFilters, limit: number) {
  const seen: string[] = [];
  let before: AuditFilters["before"];
  for (let page = 0; page < 20; page++) {
    const { entries, nextCursor } = await listAuditEntries(db(), { ...filters, before }, limit);
    seen.push(...entries.map((e) => e.id));
    if (!nextCursor) return seen;
    before = parseAuditFilters({ before: nextCursor }).before;
    expect(before).toBeDefined();
  }
  throw new Error("pagination did not end");
}

describe("listAuditEntries", () => {
  it("lists newest first and pages by (at, id) without skipping or repeating ties", async () => {
    const tie = "2024-03-01T10:00:00.000001Z";
    const { entityType, ids: inserted } = await seed([
      { at: "2024-03-01T09:00:00Z" },
      { at: tie },
      { at: tie },
      { at: tie },
      { at: tie },
      // A microsecond apart: a cursor rounded to milliseconds would lose one of them.
      { at: "2024-03-01T10:00:00.000002Z" },
      { at: "2024-03-02T00:00:00Z" },
    ]);
    const [early, t1, t2, t3, t4, micro, late] = inserted as [string, string, string, string, string, string, string];
    const expected = [late, micro, ...[t1, t2, t3, t4].sort().reverse(), early];
    expect(await ids({ entity: entityType })).toEqual(expected);
    for (const limit of [1, 2, 3]) expect(await allPages({ entity: entityType }, limit)).toEqual(expected);
  });

  it("reports no next page when the last page is exactly full", async () => {
    const { entityType } = await seed([{ at: "2024-01-01T00:00:00Z" }, { at: "2024-01-02T00:00:00Z" }]);
    expect((await listAuditEntries(db(), { entity: entityType }, 2)).nextCursor).toBeNull();
    expect((await listAuditEntries(db(), { entity: entityType }, 1)).nextCursor).not.toBeNull();
  });

  it("filters by actor, including the system", async () => {
    const user = await makeUser(db(), "admin");
    const { entityType, ids: [byUser, bySystem] } = await seed([
      { at: "2024-01-01T00:00:00Z", actor: user },
      { at: "2024-01-01T00:00:01Z", actor: null },
    ]);
    expect(await ids({ entity: entityType, actor: user.id })).toEqual([byUser]);
    expect(await ids({ entity: entityType, actor: "system" })).toEqual([bySystem]);
  });

  it("searches action and summary, case-insensitively and literally", async () => {
    const { entityType, ids: [renamed, revoked, percent] } = await seed([
      { at: "2024-01-01T00:00:00Z", action: "program.renamed", summary: "Renamed A to B" },
      { at: "2024-01-01T00:00:01Z", action: "api_key.revoked", summary: "Revoked key Backend" },
      { at: "2024-01-01T00:00:02Z", action: "program.renamed", summary: "Renamed to 100% Club" },
    ]);
    expect(await ids({ entity: entityType, q: "RENAMED" })).toEqual([percent, renamed]);
    expect(await ids({ entity: entityType, q: "backend" })).toEqual([revoked]);
    expect(await ids({ entity: entityType, q: "100%" })).toEqual([percent]);
    expect(await ids({ entity: entityType, q: "_" })).toEqual([revoked]);
  });

  it("filters by an inclusive range of UTC days", async () => {
    const { entityType, ids: [before, first, last, after] } = await seed([
      { at: "2024-05-09T23:59:59.999999Z" },
      { at: "2024-05-10T00:00:00Z" },
      { at: "2024-05-11T23:59:59.999999Z" },
      { at: "2024-05-12T00:00:00Z" },
    ]);
    expect(await ids({ entity: entityType, from: "2024-05-10", to: "2024-05-11" })).toEqual([last, first]);
    expect(await ids({ entity: entityType, from: "2024-05-12" })).toEqual([after]);
    expect(await ids({ entity: entityType, to: "2024-05-09" })).toEqual([before]);
  });

  it("lists the entity types present", async () => {
    const { entityType } = await seed([{ at: "2024-01-01T00:00:00Z" }]);
    expect(await listAuditEntityTypes(db())).toContain(entityType);
  });
});

describe("parseAuditFilters", () => {
  it("keeps valid filters and drops malformed ones", () => {
    const id = crypto.randomUUID();
    expect(
      parseAuditFilters({ entity: "program", actor: id, q: [" renamed ", "x"], from: "2024-02-29", to: "2024-03-01" }),
    ).toEqual({ entity: "program", actor: id, q: "renamed", from: "2024-02-29", to: "2024-03-01" });
    expect(
      parseAuditFilters({ entity: "", actor: "bob", q: "", from: "2023-02-29", to: "0000-01-01", before: "2024-01-01_x" }),
    ).toEqual({});
    expect(parseAuditFilters({ before: encodeCursor({ at: "2024-01-01T00:00:00.000001Z", id }) }).before).toEqual({
      at: "2024-01-01T00:00:00.000001Z",
      id,
    });
    // The cursor is the one every keyset list uses: the bare "<at>_<id>" of older links is dropped like any malformed value.
    expect(parseAuditFilters({ before: `2024-01-01T00:00:00.000001Z_${id}` }).before).toBeUndefined();
  });
});
