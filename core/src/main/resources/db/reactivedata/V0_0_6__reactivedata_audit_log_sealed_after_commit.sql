-- reactive-data-layer: the audit log's hash chains are sealed after the writes commit, not inside them.
--
-- V0_0_4's insert trigger chained each entry in its writer's transaction: a lane lock held until commit, a
-- predecessor lookup and a SHA-256 on every audited write. Now a writer only inserts its entry, and
-- reactivedata_audit_log_seal, called by the application's sealer every few hundred milliseconds, links the
-- committed entries into their tenants' chains, a batch per statement. The links live in a table of their own that
-- only the owner writes, so an entry is never updated, by anyone: the application role adds and reads entries,
-- reads links, and can neither forge, change nor remove either. Until its entry is linked, only a role that can
-- bypass the append-only trigger (a superuser) could change an entry unnoticed, for as long as the sealer's
-- interval.
--
-- One sealer works at a time (a transaction-level advisory lock), so each tenant needs one chain only: new links
-- go to lane 0; the entries V0_0_4's trigger spread over lanes 1-15 keep their links there and verify as they were.

-- One link per sealed entry: its tenant's chain (tenantless entries chain under the nil UUID), lane and position,
-- the content format its hash covers, and sha256(predecessor's hash || reactivedata_audit_log_content(entry, link)).
CREATE TABLE audit_log_chain (
    entry_id     bigint   PRIMARY KEY,
    tenant_key   uuid     NOT NULL,
    chain_lane   smallint NOT NULL,
    chain_seq    bigint   NOT NULL,
    chain_format smallint NOT NULL,
    hash         bytea    NOT NULL
);
CREATE UNIQUE INDEX audit_log_chain_position_idx ON audit_log_chain (tenant_key, chain_lane, chain_seq);
ALTER TABLE audit_log_chain ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_log_chain_tenant_isolation ON audit_log_chain
    USING (tenant_key = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
-- Every role reads its tenant's links (verification through the application's client); only the owner writes.
GRANT SELECT ON audit_log_chain TO PUBLIC;

INSERT INTO audit_log_chain (entry_id, tenant_key, chain_lane, chain_seq, chain_format, hash)
SELECT id, COALESCE(tenant_id, '00000000-0000-0000-0000-000000000000'), chain_lane, chain_seq, chain_format, hash
  FROM audit_log;

DROP TRIGGER audit_log_append ON audit_log;
DROP FUNCTION reactivedata_audit_log_append();
DROP FUNCTION reactivedata_audit_log_content(audit_log);
ALTER TABLE audit_log DROP COLUMN chain_lane, DROP COLUMN chain_seq, DROP COLUMN hash, DROP COLUMN chain_format;

-- The bytes a link's hash covers, in the link's format (the same bytes as V0_0_5's for the links moved here);
-- NULL (which no stored hash matches) for an unknown format.
CREATE FUNCTION reactivedata_audit_log_content(entry audit_log, link audit_log_chain) RETURNS bytea
    LANGUAGE sql
    STABLE
    PARALLEL SAFE
AS $$
    SELECT convert_to(CASE link.chain_format
        WHEN 1 THEN jsonb_build_array(entry.id, entry.tenant_id, link.chain_lane, link.chain_seq,
               entry.entity_type, entry.entity_id, entry.action, entry.actor, entry.old_value, entry.new_value,
               entry.correlation_id, (extract(epoch FROM entry.occurred_at) * 1000000)::bigint)
        WHEN 2 THEN jsonb_build_array(2, entry.id, entry.tenant_id, link.chain_lane, link.chain_seq,
               entry.entity_type, entry.entity_id, entry.action, entry.actor,
               CASE WHEN entry.old_value IS NOT NULL THEN jsonb_build_array(entry.old_value) END,
               CASE WHEN entry.new_value IS NOT NULL THEN jsonb_build_array(entry.new_value) END,
               entry.correlation_id, (extract(epoch FROM entry.occurred_at) * 1000000)::bigint)
        END::text, 'UTF8');
$$;

-- Which entries the sealer may link, and in which order. An entry not committed yet when a pass runs is invisible
-- to it; it must still be found later, and linked after every entry linked before it without breaking the chain's
-- order in time (retention deletes entries older than a cutoff: that must be a prefix of every chain). So a pass
-- links only entries older than every entry a transaction still writing may add (the horizon), in time order, and
-- looks for them by id, above seal_from (every entry at or below it is linked or was rolled back). A transaction
-- that a pass sees holding a lock on audit_log adds entries timed after, and numbered above, what the previous
-- pass recorded before looking (it held the lock then too, or had not inserted yet); one that takes the lock after
-- a pass looked adds entries timed after and numbered above what that pass recorded (prepared transactions, which
-- hold their locks without a backend, count as writing). A transaction that stays open after writing entries holds
-- back the sealing of every later entry until it ends, and each pass meanwhile reads the entries written since it
-- began. Entries dated by their writer (occurred_at given explicitly) must not be younger than the writer's
-- transaction: grant the application role INSERT on the content columns only.
CREATE TABLE audit_log_seal_state (
    singleton      boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    seal_from      bigint      NOT NULL,
    last_allocated bigint      NOT NULL,
    last_looked    timestamptz NOT NULL
);
INSERT INTO audit_log_seal_state (seal_from, last_allocated, last_looked)
SELECT m, m, clock_timestamp() FROM (SELECT GREATEST(COALESCE(max(id), 0),
        COALESCE(pg_sequence_last_value(pg_get_serial_sequence('audit_log', 'id')), 0)) AS m FROM audit_log) s;

-- The transactions (virtual transaction ids) a pass saw writing audit_log, and the time and id their entries follow.
CREATE TABLE audit_log_seal_writer (
    transaction_id text        PRIMARY KEY,
    ids_above      bigint      NOT NULL,
    entries_from   timestamptz NOT NULL
);

-- The sealer reads every tenant's entries and anchors as the owner. When the owner is subject to row-level
-- security (FORCE ROW LEVEL SECURITY, neither superuser nor BYPASSRLS), these policies let it do so while sealing,
-- and only then.
CREATE POLICY audit_log_sealing ON audit_log FOR SELECT TO CURRENT_USER
    USING (COALESCE(current_setting('reactivedata.audit_sealing', true), '') = 'on');
CREATE POLICY audit_log_anchor_sealing ON audit_log_anchor FOR SELECT TO CURRENT_USER
    USING (COALESCE(current_setting('reactivedata.audit_sealing', true), '') = 'on');

-- Links up to max_entries committed entries older than the horizon that are not linked yet, per tenant in time
-- order (then id), and returns how many it linked (0 when another sealer holds the lock). Each gets lane 0, the
-- next position after the lane's last link (or its retention anchor) and its hash in format 2. Sealing is
-- deterministic and writes links only, so every role may call it: the application's sealer runs as the
-- application role. It needs READ COMMITTED, where each statement sees what committed before it: the lock table is
-- read before the entries.
CREATE FUNCTION reactivedata_audit_log_seal(max_entries integer) RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path FROM CURRENT
    SET reactivedata.audit_sealing = 'on'
AS $$
DECLARE
    state audit_log_seal_state;
    allocated bigint;
    looked timestamptz;
    writing text[];
    horizon timestamptz;
    entry audit_log;
    link audit_log_chain;
    chain_tenant uuid;
    first boolean := true;
    last_seq bigint;
    last_hash bytea;
    sealed integer := 0;
    next_from bigint;
    ids bigint[] := '{}';
    tenants uuid[] := '{}';
    positions bigint[] := '{}';
    hashes bytea[] := '{}';
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'reactivedata_audit_log_seal needs READ COMMITTED, not %', current_setting('transaction_isolation')
            USING ERRCODE = 'invalid_transaction_state';
    END IF;
    IF NOT pg_try_advisory_xact_lock(hashtextextended('reactivedata.audit_log:seal', 0)) THEN
        RETURN 0;
    END IF;
    SELECT * INTO state FROM audit_log_seal_state;
    allocated := COALESCE(pg_sequence_last_value(pg_get_serial_sequence('audit_log', 'id')), 0);
    looked := clock_timestamp();
    SELECT COALESCE(array_agg(DISTINCT l.virtualtransaction), '{}') INTO writing
      FROM pg_locks l
     WHERE l.locktype = 'relation' AND l.relation = 'audit_log'::regclass AND l.granted
       AND l.mode = 'RowExclusiveLock' AND l.pid IS DISTINCT FROM pg_backend_pid()
       AND l.database = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database());
    DELETE FROM audit_log_seal_writer w WHERE w.transaction_id <> ALL (writing);
    INSERT INTO audit_log_seal_writer (transaction_id, ids_above, entries_from)
    SELECT t, state.last_allocated, state.last_looked FROM unnest(writing) AS t
    ON CONFLICT (transaction_id) DO NOTHING;
    SELECT LEAST(looked, min(w.entries_from)), LEAST(allocated, min(w.ids_above)) INTO horizon, next_from
      FROM audit_log_seal_writer w;

    FOR entry IN SELECT c.* FROM (
            SELECT a.* FROM audit_log a
             WHERE a.id > state.seal_from AND a.occurred_at < horizon
               AND NOT EXISTS (SELECT 1 FROM audit_log_chain k WHERE k.entry_id = a.id)
             ORDER BY a.occurred_at, a.id LIMIT max_entries) c
          ORDER BY c.tenant_id NULLS FIRST, c.occurred_at, c.id LOOP
        IF first OR entry.tenant_id IS DISTINCT FROM chain_tenant THEN
            first := false;
            chain_tenant := entry.tenant_id;
            link.tenant_key := COALESCE(chain_tenant, '00000000-0000-0000-0000-000000000000');
            last_seq := NULL;
            last_hash := NULL;
            SELECT k.chain_seq, k.hash INTO last_seq, last_hash FROM audit_log_chain k
             WHERE k.tenant_key = link.tenant_key AND k.chain_lane = 0 ORDER BY k.chain_seq DESC LIMIT 1;
            IF last_seq IS NULL THEN
                SELECT n.chain_seq, n.hash INTO last_seq, last_hash FROM audit_log_anchor n
                 WHERE n.tenant_key = link.tenant_key AND n.chain_lane = 0;
            END IF;
        END IF;
        link.entry_id := entry.id;
        link.chain_lane := 0;
        link.chain_seq := COALESCE(last_seq, 0) + 1;
        link.chain_format := 2;
        last_seq := link.chain_seq;
        last_hash := sha256(COALESCE(last_hash, ''::bytea) || reactivedata_audit_log_content(entry, link));
        ids := ids || entry.id;
        tenants := tenants || link.tenant_key;
        positions := positions || last_seq;
        hashes := hashes || last_hash;
        sealed := sealed + 1;
    END LOOP;
    INSERT INTO audit_log_chain (entry_id, tenant_key, chain_lane, chain_seq, chain_format, hash)
    SELECT s.id, s.tenant_key, 0, s.chain_seq, 2, s.hash
      FROM unnest(ids, tenants, positions, hashes) AS s(id, tenant_key, chain_seq, hash);

    -- The next pass looks again at every entry still unlinked: left behind by the horizon, or by a full batch.
    SELECT LEAST(next_from, min(a.id) - 1) INTO next_from FROM audit_log a
     WHERE a.id > state.seal_from AND NOT EXISTS (SELECT 1 FROM audit_log_chain k WHERE k.entry_id = a.id);
    -- A pass that found nothing new writes nothing (no WAL, no commit to flush): keeping the previous pass's
    -- bounds only makes the next writer's more cautious.
    IF sealed > 0 OR cardinality(writing) > 0 OR allocated <> state.last_allocated OR next_from > state.seal_from THEN
        UPDATE audit_log_seal_state
           SET seal_from = GREATEST(seal_from, next_from), last_allocated = allocated, last_looked = looked;
    END IF;
    RETURN sealed;
END
$$;

-- Retention deletes the oldest entries: their links go with them, and each chain remembers the last one deleted,
-- where verification starts.
CREATE OR REPLACE FUNCTION reactivedata_audit_log_advance_anchor() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    WITH unlinked AS (
        DELETE FROM audit_log_chain k USING deleted_entries o WHERE k.entry_id = o.id
        RETURNING k.tenant_key, k.chain_lane, k.chain_seq, k.hash
    )
    INSERT INTO audit_log_anchor AS n (tenant_key, chain_lane, chain_seq, hash)
    SELECT DISTINCT ON (u.tenant_key, u.chain_lane) u.tenant_key, u.chain_lane, u.chain_seq, u.hash
      FROM unlinked u
     ORDER BY u.tenant_key, u.chain_lane, u.chain_seq DESC
    ON CONFLICT (tenant_key, chain_lane) DO UPDATE SET chain_seq = excluded.chain_seq, hash = excluded.hash
     WHERE excluded.chain_seq > n.chain_seq;
    RETURN NULL;
END
$$;
