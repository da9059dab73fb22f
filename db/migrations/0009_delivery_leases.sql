-- Leases move out of deliveries into their own narrow table: taking one no longer writes a new
-- version of the delivery into each of its indexes (docs/decisions/005-delivery-at-speed.md).
CREATE TABLE "delivery_leases" (
	"delivery_id" uuid PRIMARY KEY NOT NULL,
	"connector_id" uuid NOT NULL,
	"owner" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "delivery_leases_connector_idx" ON "delivery_leases" USING btree ("connector_id","expires_at");--> statement-breakpoint
-- Leases held while upgrading carry over, so a request in flight is not sent twice.
INSERT INTO "delivery_leases" ("delivery_id", "connector_id", "owner", "expires_at")
  SELECT "id", "connector_id", "locked_by", "locked_until" FROM "deliveries"
  WHERE "locked_until" IS NOT NULL AND "locked_by" IS NOT NULL;--> statement-breakpoint
DROP INDEX "deliveries_leased_idx";--> statement-breakpoint
ALTER TABLE "deliveries" DROP COLUMN "locked_until";--> statement-breakpoint
ALTER TABLE "deliveries" DROP COLUMN "locked_by";--> statement-breakpoint
-- The local driver's claim (see claimDue in lib/delivery/lease.ts), now leasing into delivery_leases.
CREATE OR REPLACE FUNCTION hub_claim_due(p_owner text, p_lanes jsonb)
RETURNS TABLE (
  lane_id uuid, sendable int,
  id uuid, connector_id uuid, status delivery_status, test boolean, ordered boolean,
  event_id uuid, event_type text, occurred_at timestamptz, event_test boolean, member jsonb, data jsonb,
  program_id uuid, program_name text, connector_updated_at timestamptz, due_at timestamptz
)
LANGUAGE plpgsql VOLATILE
-- Plain index scans in next_attempt_at order, stopping after n rows (a bitmap scan would read every
-- due row of the connector), and nested loops over keys: every join here is a few dozen rows. Row
-- estimates cannot be trusted (delivery_leases is small and always changing, the lanes come as
-- JSON), and a sequential scan or hash join planned from a wrong one would read a whole table.
SET enable_bitmapscan = off
SET enable_seqscan = off
SET enable_hashjoin = off
SET enable_mergejoin = off
AS $$
#variable_conflict use_column
BEGIN
  -- A lease lost in a database crash is harmless (the delivery is claimable again): no wait for the disk.
  PERFORM set_config('synchronous_commit', 'off', true);
  -- In connector id order, so two claimers never wait for each other in a cycle.
  PERFORM pg_advisory_xact_lock(72110402, hashtext(l.id))
  FROM (SELECT x.value ->> 'id' AS id FROM jsonb_array_elements(p_lanes) x ORDER BY 1) l;
  RETURN QUERY
  WITH lanes AS (
    SELECT * FROM jsonb_to_recordset(p_lanes) AS x(id uuid, n int, ahead int, test_only boolean, lease_ms int, answered uuid[])
  ),
  room AS (
    SELECT c.id, l.test_only, c.timeout_ms + l.lease_ms AS lease_ms, c.updated_at AS version, s.sendable,
      least(l.n, s.sendable + least(l.ahead, s.sendable) - busy.mine) AS n
    FROM lanes l JOIN connectors c ON c.id = l.id
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE b.owner <> p_owner)::int AS others,
             count(*) FILTER (WHERE b.owner = p_owner AND NOT (b.delivery_id = any(l.answered)))::int AS mine
      FROM delivery_leases b
      WHERE b.connector_id = c.id AND b.expires_at > clock_timestamp()
    ) busy
    CROSS JOIN LATERAL (SELECT greatest(c.max_in_flight - busy.others, 0) AS sendable) s
    WHERE c.deleted_at IS NULL AND c.notification_url IS NOT NULL AND (c.active OR l.test_only)
  ),
  picked AS (
    SELECT p.*, r.lease_ms, r.version FROM room r CROSS JOIN LATERAL (
      SELECT d.id, d.connector_id, d.status, d.test, d.member_id IS NOT NULL AS ordered, d.event_id, d.next_attempt_at
      FROM deliveries d
      WHERE d.connector_id = r.id
        AND d.status IN ('pending', 'retrying')
        AND (NOT r.test_only OR d.test)
        AND d.next_attempt_at <= clock_timestamp()
        AND NOT EXISTS (SELECT 1 FROM delivery_leases x WHERE x.delivery_id = d.id AND x.expires_at > clock_timestamp())
        -- Member-ordered connectors (member_id is set only for them): not before the member's earlier open delivery.
        AND (d.member_id IS NULL OR NOT EXISTS (
          SELECT 1 FROM deliveries o
          WHERE o.connector_id = d.connector_id AND o.member_id = d.member_id
            AND o.status IN ('pending', 'retrying') AND o.member_id IS NOT NULL AND o.seq < d.seq
        ))
      ORDER BY d.next_attempt_at
      LIMIT greatest(r.n, 0)
      FOR UPDATE OF d SKIP LOCKED
    ) p
  ),
  -- An expired lease (its holder died) is taken over; a live one, which cannot be here under the
  -- advisory locks, would be left alone and its delivery not returned.
  leased AS (
    INSERT INTO delivery_leases AS x (delivery_id, connector_id, owner, expires_at)
    SELECT picked.id, picked.connector_id, p_owner, clock_timestamp() + picked.lease_ms * interval '1 millisecond' FROM picked
    ON CONFLICT (delivery_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
      WHERE x.expires_at <= clock_timestamp()
    RETURNING x.delivery_id
  ),
  claimed AS (
    SELECT picked.id, picked.connector_id, picked.status, picked.test, picked.ordered,
      e.id AS event_id, e.type AS event_type, e.occurred_at, e.test AS event_test, e.member, e.data,
      p.id AS program_id, p.name AS program_name, picked.version AS connector_updated_at, picked.next_attempt_at AS due_at
    FROM leased
    JOIN picked ON picked.id = leased.delivery_id
    JOIN events e ON e.id = picked.event_id
    JOIN programs p ON p.id = e.program_id
  )
  SELECT r.id, r.sendable, claimed.id, claimed.connector_id, claimed.status, claimed.test, claimed.ordered,
    claimed.event_id, claimed.event_type, claimed.occurred_at, claimed.event_test, claimed.member, claimed.data,
    claimed.program_id, claimed.program_name, claimed.connector_updated_at, claimed.due_at
  FROM room r LEFT JOIN claimed ON claimed.connector_id = r.id
  ORDER BY r.id, claimed.due_at;
END
$$;
