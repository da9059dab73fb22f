-- The local driver's claim as one function (see claimDue in lib/delivery/lease.ts): called as a
-- prepared statement, its statements are planned once per connection instead of on every claim,
-- and it still takes one round trip. Each statement of a VOLATILE function gets a fresh snapshot,
-- so the claim sees every lease committed by the previous holders of the advisory locks.
CREATE OR REPLACE FUNCTION hub_claim_due(p_owner text, p_lanes jsonb)
RETURNS TABLE (
  lane_id uuid, sendable int,
  id uuid, connector_id uuid, status delivery_status, test boolean, ordered boolean,
  event_id uuid, event_type text, occurred_at timestamptz, event_test boolean, member jsonb, data jsonb,
  program_id uuid, program_name text, connector_updated_at timestamptz, due_at timestamptz
)
LANGUAGE plpgsql VOLATILE
-- Plain index scans in next_attempt_at order, stopping after n rows (a bitmap scan would read every
-- due and every once-leased row of the connector: 14-30 ms per claim at 40,000 rows).
SET enable_bitmapscan = off
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
      SELECT count(*) FILTER (WHERE b.locked_by IS DISTINCT FROM p_owner)::int AS others,
             count(*) FILTER (WHERE b.locked_by = p_owner AND NOT (b.id = any(l.answered)))::int AS mine
      FROM deliveries b
      WHERE b.connector_id = c.id AND b.locked_until IS NOT NULL AND b.locked_until > clock_timestamp()
    ) busy
    CROSS JOIN LATERAL (SELECT greatest(c.max_in_flight - busy.others, 0) AS sendable) s
    WHERE c.deleted_at IS NULL AND c.notification_url IS NOT NULL AND (c.active OR l.test_only)
  ),
  picked AS (
    SELECT p.id, r.lease_ms, r.version FROM room r CROSS JOIN LATERAL (
      SELECT d.id FROM deliveries d
      WHERE d.connector_id = r.id
        AND d.status IN ('pending', 'retrying')
        AND (NOT r.test_only OR d.test)
        AND d.next_attempt_at <= clock_timestamp()
        AND (d.locked_until IS NULL OR d.locked_until <= clock_timestamp())
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
  claimed AS (
    UPDATE deliveries d
    SET locked_until = clock_timestamp() + picked.lease_ms * interval '1 millisecond', locked_by = p_owner
    FROM picked, events e, programs p
    WHERE d.id = picked.id AND e.id = d.event_id AND p.id = e.program_id
    RETURNING d.id, d.connector_id, d.status, d.test, d.member_id IS NOT NULL AS ordered,
      e.id AS event_id, e.type AS event_type, e.occurred_at, e.test AS event_test, e.member, e.data,
      p.id AS program_id, p.name AS program_name, picked.version AS connector_updated_at, d.next_attempt_at AS due_at
  )
  SELECT r.id, r.sendable, claimed.id, claimed.connector_id, claimed.status, claimed.test, claimed.ordered,
    claimed.event_id, claimed.event_type, claimed.occurred_at, claimed.event_test, claimed.member, claimed.data,
    claimed.program_id, claimed.program_name, claimed.connector_updated_at, claimed.due_at
  FROM room r LEFT JOIN claimed ON claimed.connector_id = r.id
  ORDER BY r.id, claimed.due_at;
END
$$;
