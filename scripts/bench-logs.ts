// `npm run bench:logs [-- --runs 30] [--explain]`
// Seeds about a million attempts (300k deliveries of 150k events, 30 days) into a scratch database
// and prints the p50/p95 time of the Event logs queries: the first page, a filtered page, searches,
// a deep keyset page and the chart's stats. The scratch database is PGlite in a temp directory, or a
// fresh database on DATABASE_URL's server (created here, dropped at the end). --explain also prints
// each query's plan, to check that the indexes are used.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import type { Logger } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";
import type { EventLogFilters } from "@/lib/delivery/logs/schemas";
import { encodeCursor } from "@/lib/pagination/keyset";

// The queries are marked server-only for Next's bundler; this script is a server too.
const require = createRequire(import.meta.url);
require.cache[require.resolve("server-only")] = { exports: {} } as NodeJS.Module;

const migrationsFolder = path.resolve("db/migrations");
const EVENTS = 150_000;

type Captured = { query: string; params: unknown[] };
type Scratch = {
  kind: "postgres" | "pglite";
  db: Db;
  exec(text: string): Promise<void>;
  rows<T>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
};

async function openScratch(logger: Logger): Promise<Scratch> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-bench-"));
    const client = new PGlite(dir);
    await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder });
    return {
      kind: "pglite",
      db: drizzlePglite(client, { schema, logger }) as unknown as Db,
      exec: async (text) => void (await client.exec(text)),
      rows: async (text, params) => (await client.query(text, params)).rows as never,
      async close() {
        await client.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `hub_bench_${randomBytes(4).toString("hex")}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await admin(`create database "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
  await migratePg(drizzlePg(pool, { schema }), { migrationsFolder });
  return {
    kind: "postgres",
    db: drizzlePg(pool, { schema, logger }) as unknown as Db,
    exec: async (text) => void (await pool.query(text)),
    rows: async (text, params) => (await pool.query(text, params)).rows,
    async close() {
      await pool.end();
      await admin(`drop database if exists "${name}" with (force)`);
    },
  };
}

/**
 * Everything in SQL (generate_series), so a million rows take seconds, not a million round trips.
 * Both deliveries of an event share its created_at, as a real fan-out does: the keyset order's ties.
 */
const seedSql = `
insert into programs (name) values ('Coffee Club Rewards'), ('Sportswear Insiders'), ('Bookworm Perks');
insert into connectors (name, notification_url, active, deleted_at) values
  ('Salesforce CRM', 'https://crm.example.com/hooks/loyalty', true, null),
  ('Braze', 'https://rest.braze.example.com/webhooks', true, null),
  ('Data warehouse', 'https://ingest.dwh.example.com/qualifio', true, null),
  ('Slack alerts', 'https://hooks.slack.example.com/services/T0/B0', true, null),
  ('Legacy ESP', 'https://esp.example.net/callback', false, now() - interval '10 days');
create temp table bench_ids as
  select array(select id from programs order by name) as p, array(select id from connectors order by name) as c;

insert into events (program_id, type, member, member_id, member_email, data, occurred_at, received_at, test, fanned_out_at)
select p[1 + i % 3], t.type,
  jsonb_build_object('id', m.id, 'email', m.email, 'firstName', m.first, 'lastName', m.last, 'level', 'Gold', 'pointsBalance', i % 5000),
  m.id, m.email, jsonb_build_object('points', 10 + i % 490, 'newBalance', i % 5000, 'action', 'Online order'),
  at, at, i % 97 = 0, at
from generate_series(1, ${EVENTS}) i
cross join bench_ids
cross join lateral (select now() - (${EVENTS} - i) * interval '30 days' / ${EVENTS} as at) ts
cross join lateral (select (array['profile.created','level.changed','points.earned','points.burned','points.credited',
  'points.debited','reward.offered','identifier.added'])[1 + (i * 7) % 8] as type) t
cross join lateral (
  select 'mbr_' || lpad(((i * 7919) % 40000)::text, 6, '0') as id,
    (array['Lena','Omar','Ines','Theo','Maya','Jonas','Aiko','Luca','Sara','Noah'])[1 + (i * 7919) % 10] as first,
    (array['Hart','Haddad','Costa','Meyer','Okafor','Lind','Sato','Bianchi','Nowak','Dupont'])[1 + ((i * 7919) / 10) % 10] as last
) n
cross join lateral (select n.id, n.first, n.last, lower(n.first || '.' || n.last || '.' || ((i * 7919) % 40000) || '@example.com') as email) m;

insert into deliveries (event_id, connector_id, program_id, event_type, test, status, attempt_count, next_attempt_at,
  last_status_code, last_error, last_duration_ms, created_at, updated_at, completed_at)
select e.id, c[1 + (h0 + k * (1 + (h0 / 5) % 4)) % 5], e.program_id, e.type, e.test, s.status::delivery_status,
  case s.status when 'succeeded' then 1 + (h / 256) % 5 when 'failed' then 8 when 'retrying' then 1 + (h / 256) % 6 else 0 end,
  case when s.status in ('retrying', 'pending') then now() + interval '5 minutes' end,
  case s.status when 'succeeded' then 200 when 'failed' then 500 when 'retrying' then 503 end,
  case s.status when 'failed' then 'HTTP 500' when 'retrying' then 'HTTP 503' end,
  case when s.status <> 'pending' then 40 + h % 900 end,
  e.received_at, e.received_at, case when s.status in ('succeeded', 'failed') then e.received_at + interval '1 minute' end
from events e
cross join bench_ids
cross join generate_series(0, 1) k
cross join lateral (select abs(hashtext(e.id::text)::bigint) as h0, abs(hashtext(e.id::text || k)::bigint) as h) hh
cross join lateral (select case when h % 100 < 80 then 'succeeded' when h % 100 < 90 then 'failed'
  when h % 100 < 97 then 'retrying' else 'pending' end as status) s;

insert into attempts (delivery_id, number, trigger, started_at, duration_ms, url, request_headers, request_body,
  response_status, response_headers, response_body, error_code, error, success)
select d.id, n, 'scheduled', d.created_at + (n - 1) * interval '5 minutes', 40 + (n * 37) % 900,
  'https://crm.example.com/hooks/loyalty',
  jsonb_build_object('content-type', 'application/json', 'user-agent', 'IntegrationsHub/1.0', 'x-qualifio-event', d.event_type,
    'x-qualifio-delivery', d.id, 'x-qualifio-signature', '[redacted]'),
  '[{"id":"' || d.event_id || '","type":"' || d.event_type || '","test":false,"program":{"id":"' || d.program_id ||
    '"},"member":{"id":"mbr_000042","email":"lena.hart.42@example.com"},"data":{"points":42,"newBalance":1337}}]',
  case when ok then 200 when n % 3 = 0 then null else 500 + (n % 2) * 3 end,
  case when ok or n % 3 <> 0 then '{"content-type":"application/json"}'::jsonb end,
  case when ok then '{"ok":true}' when n % 3 <> 0 then '{"error":"upstream unavailable"}' end,
  case when ok then null when n % 3 = 0 then 'timeout' else 'http' end,
  case when ok then null when n % 3 = 0 then 'Timed out after 10000 ms' else 'HTTP ' || (500 + (n % 2) * 3) end,
  ok
from deliveries d
cross join lateral generate_series(1, d.attempt_count) n
cross join lateral (select d.status = 'succeeded' and n = d.attempt_count as ok) o;
`;

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main() {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "30" }, explain: { type: "boolean", default: false } } });
  const runs = Math.max(1, Number(values.runs));
  const { listDeliveries, deliveryStats } = await import("@/lib/delivery/logs/queries");
  const { parseEventLogFilters } = await import("@/lib/delivery/logs/schemas");

  let captured: Captured[] | null = null;
  const logger: Logger = { logQuery: (query, params) => void captured?.push({ query, params }) };
  const scratch = await openScratch(logger);
  const cleanup = () => scratch.close().catch((error) => console.error("cleanup failed:", error));
  process.once("SIGINT", () => void cleanup().then(() => process.exit(130)));

  try {
    console.log(`Scratch database: ${scratch.kind}. Seeding…`);
    let started = performance.now();
    await scratch.exec(seedSql);
    const seedSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    await scratch.exec("vacuum analyze");
    const [counts] = await scratch.rows<{ events: number; deliveries: number; attempts: number }>(
      "select (select count(*) from events)::int as events, (select count(*) from deliveries)::int as deliveries, (select count(*) from attempts)::int as attempts",
    );
    console.log(
      `Seeded ${counts!.events.toLocaleString("en")} events, ${counts!.deliveries.toLocaleString("en")} deliveries and ` +
        `${counts!.attempts.toLocaleString("en")} attempts in ${seedSeconds.toFixed(1)} s (vacuum analyze ${((performance.now() - started) / 1000).toFixed(1)} s).\n`,
    );

    const [crm] = await scratch.rows<{ id: string }>("select id from connectors where name = 'Salesforce CRM'");
    const [member] = await scratch.rows<{ email: string; member_id: string }>(
      "select member_email as email, member_id from events order by received_at desc offset 5000 limit 1",
    );
    const [deep] = await scratch.rows<{ at: string; id: string }>(
      `select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, id from deliveries
       order by created_at desc, id desc offset 250000 limit 1`,
    );
    const [delivery] = await scratch.rows<{ id: string }>("select id from deliveries order by created_at desc offset 100000 limit 1");
    const f = (params: Record<string, string>): EventLogFilters => parseEventLogFilters(params);

    const cases: { name: string; run: () => Promise<{ rows: number }> }[] = [
      { name: "first page (last 24 h)", run: async () => ({ rows: (await listDeliveries(scratch.db, "admin", f({}))).rows.length }) },
      { name: "first page (last 30 days)", run: async () => ({ rows: (await listDeliveries(scratch.db, "admin", f({ range: "30d" }))).rows.length }) },
      {
        name: "filtered: failed + connector (30 d)",
        run: async () => ({ rows: (await listDeliveries(scratch.db, "admin", f({ range: "30d", status: "failed", connector: crm!.id }))).rows.length }),
      },
      {
        name: "filtered: 2 event types + retrying (30 d)",
        run: async () => ({
          rows: (await listDeliveries(scratch.db, "admin", f({ range: "30d", event: "points.burned,reward.offered", status: "retrying" }))).rows.length,
        }),
      },
      {
        name: "search: member email (30 d)",
        run: async () => ({ rows: (await listDeliveries(scratch.db, "admin", f({ range: "30d", q: member!.email }))).rows.length }),
      },
      {
        name: "search: email prefix (30 d)",
        run: async () => ({ rows: (await listDeliveries(scratch.db, "admin", f({ range: "30d", q: member!.email.split(".")[0]! }))).rows.length }),
      },
      {
        name: "search: member id (30 d)",
        run: async () => ({ rows: (await listDeliveries(scratch.db, "admin", f({ range: "30d", q: member!.member_id }))).rows.length }),
      },
      {
        name: "search: delivery id (30 d)",
        run: async () => ({ rows: (await listDeliveries(scratch.db, "admin", f({ range: "30d", q: delivery!.id }))).rows.length }),
      },
      {
        name: "deep page: 250,000 rows back",
        run: async () => ({
          rows: (await listDeliveries(scratch.db, "admin", f({ range: "30d" }), { before: encodeCursor(deep!) })).rows.length,
        }),
      },
      {
        name: "stats: last 24 h (hourly)",
        run: async () => ({ rows: (await deliveryStats(scratch.db, f({}))).totals.succeeded }),
      },
      {
        name: "stats: last 7 days (daily)",
        run: async () => ({ rows: (await deliveryStats(scratch.db, f({ range: "7d" }))).totals.succeeded }),
      },
      {
        name: "stats: last 30 days (daily)",
        run: async () => ({ rows: (await deliveryStats(scratch.db, f({ range: "30d" }))).totals.succeeded }),
      },
    ];

    const results: { name: string; p50: number; p95: number; rows: number }[] = [];
    for (const c of cases) {
      captured = [];
      let rows = 0;
      for (let i = 0; i < 3; i++) rows = (await c.run()).rows; // warm-up
      const plans = captured;
      captured = null;
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await c.run();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      results.push({ name: c.name, p50: percentile(times, 50), p95: percentile(times, 95), rows });
      if (values.explain) {
        const seen = new Set<string>();
        for (const { query, params } of plans) {
          if (seen.has(query)) continue;
          seen.add(query);
          const plan = await scratch.rows<Record<string, string>>(`explain (analyze, buffers) ${query}`, params);
          console.log(`── ${c.name}\n${plan.map((r) => Object.values(r)[0]).join("\n")}\n`);
        }
      }
    }

    const width = Math.max(...results.map((r) => r.name.length));
    console.log(`${"query".padEnd(width)}   p50 ms   p95 ms   rows`);
    for (const r of results) {
      console.log(`${r.name.padEnd(width)}  ${r.p50.toFixed(1).padStart(7)}  ${r.p95.toFixed(1).padStart(7)}  ${String(r.rows).padStart(5)}`);
    }
    console.log(`\n${runs} timed runs per query after 3 warm-ups, measured around the query function (${scratch.kind}).`);
    console.log("Stats rows = succeeded deliveries in the range.");
  } finally {
    await cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
