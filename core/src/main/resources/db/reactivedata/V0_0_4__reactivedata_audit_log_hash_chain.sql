-- reactive-data-layer: SHA-256 hash chains over the audit log, so that an entry changed or removed out of band
-- (by a superuser, with triggers bypassed) is detectable, and retention of the oldest entries is not.
--
-- A chain must be appended to one writer at a time, until the writer commits (its successor must read it
-- committed). One chain per tenant would serialize a tenant's audited transactions on their commit (WAL flush),
-- so each tenant has 16 lanes, each its own chain: a writer takes the first lane no other transaction of the
-- tenant holds, and waits only when all 16 are taken. A lone writer always appends to lane 0.

-- chain_lane: the tenant's chain the entry belongs to (0-15).
-- chain_seq: the entry's position in that chain (1, 2, …; the chain order, which id order need not be).
-- hash: sha256(predecessor's hash || reactivedata_audit_log_content(entry)); the first entry's predecessor is
-- the chain's anchor, or the empty string.
ALTER TABLE audit_log ADD COLUMN chain_lane smallint, ADD COLUMN chain_seq bigint, ADD COLUMN hash bytea;

-- The bytes an entry's hash covers: every column but the hash, in a form independent of session settings.
CREATE FUNCTION reactivedata_audit_log_content(entry audit_log) RETURNS bytea
    LANGUAGE sql
    STABLE
    PARALLEL SAFE
AS $$
    SELECT convert_to(jsonb_build_array(entry.id, entry.tenant_id, entry.chain_lane, entry.chain_seq,
               entry.entity_type, entry.entity_id, entry.action, entry.actor, entry.old_value, entry.new_value,
               entry.correlation_id, (extract(epoch FROM entry.occurred_at) * 1000000)::bigint)::text, 'UTF8');
$$;

-- Where a chain continues after retention deleted its oldest entries: the position and hash of the last entry
-- deleted. Tenantless entries (written by the owner) chain under the nil UUID.
CREATE TABLE audit_log_anchor (
    tenant_key uuid     NOT NULL,
    chain_lane smallint NOT NULL,
    chain_seq  bigint   NOT NULL,
    hash       bytea    NOT NULL,
    PRIMARY KEY (tenant_key, chain_lane)
);
ALTER TABLE audit_log_anchor ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log_anchor FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_log_anchor_tenant_isolation ON audit_log_anchor
    USING (tenant_key = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
-- Appending to a chain whose entries were all deleted reads the anchor as the writing role.
GRANT SELECT ON audit_log_anchor TO PUBLIC;

-- Chain the entries written so far, per tenant in id order, in lane 0 (the only update an entry ever gets).
ALTER TABLE audit_log DISABLE TRIGGER audit_log_refuse_change;
DO $$
DECLARE
    entry audit_log;
    previous_tenant uuid;
    previous_hash bytea;
    position bigint;
    first boolean := true;
BEGIN
    FOR entry IN SELECT * FROM audit_log ORDER BY tenant_id NULLS FIRST, id LOOP
        IF first OR entry.tenant_id IS DISTINCT FROM previous_tenant THEN
            position := 0;
            previous_hash := ''::bytea;
        END IF;
        first := false;
        previous_tenant := entry.tenant_id;
        position := position + 1;
        entry.chain_lane := 0;
        entry.chain_seq := position;
        previous_hash := sha256(previous_hash || reactivedata_audit_log_content(entry));
        UPDATE audit_log SET chain_lane = 0, chain_seq = position, hash = previous_hash WHERE id = entry.id;
    END LOOP;
END
$$;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_refuse_change;

ALTER TABLE audit_log ALTER COLUMN chain_lane SET NOT NULL, ALTER COLUMN chain_seq SET NOT NULL,
    ALTER COLUMN hash SET NOT NULL;
CREATE UNIQUE INDEX audit_log_chain_idx ON audit_log (tenant_id, chain_lane, chain_seq);

-- Appends an entry to a chain of its tenant. The lane is held by a transaction-level advisory lock until commit,
-- so each append reads its predecessor committed; an entry's time never precedes its predecessor's, so deleting
-- entries older than a cutoff deletes a prefix of every chain.
CREATE FUNCTION reactivedata_audit_log_append() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    chain_tenant uuid := COALESCE(NEW.tenant_id, '00000000-0000-0000-0000-000000000000');
    lane smallint;
    last_seq bigint;
    last_hash bytea;
    last_at timestamptz;
BEGIN
    FOR candidate IN 0..15 LOOP
        IF pg_try_advisory_xact_lock(hashtextextended('reactivedata.audit_log:' || chain_tenant || ':' || candidate, 0)) THEN
            lane := candidate;
            EXIT;
        END IF;
    END LOOP;
    IF lane IS NULL THEN
        lane := pg_backend_pid() % 16;
        PERFORM pg_advisory_xact_lock(hashtextextended('reactivedata.audit_log:' || chain_tenant || ':' || lane, 0));
    END IF;
    IF NEW.tenant_id IS NULL THEN
        SELECT a.chain_seq, a.hash, a.occurred_at INTO last_seq, last_hash, last_at
          FROM audit_log a WHERE a.tenant_id IS NULL AND a.chain_lane = lane ORDER BY a.chain_seq DESC LIMIT 1;
    ELSE
        SELECT a.chain_seq, a.hash, a.occurred_at INTO last_seq, last_hash, last_at
          FROM audit_log a WHERE a.tenant_id = NEW.tenant_id AND a.chain_lane = lane ORDER BY a.chain_seq DESC LIMIT 1;
    END IF;
    IF last_seq IS NULL THEN
        SELECT n.chain_seq, n.hash INTO last_seq, last_hash
          FROM audit_log_anchor n WHERE n.tenant_key = chain_tenant AND n.chain_lane = lane;
    END IF;
    NEW.chain_lane := lane;
    NEW.chain_seq := COALESCE(last_seq, 0) + 1;
    NEW.occurred_at := GREATEST(NEW.occurred_at, last_at);
    NEW.hash := sha256(COALESCE(last_hash, ''::bytea) || reactivedata_audit_log_content(NEW));
    RETURN NEW;
END
$$;

CREATE TRIGGER audit_log_append BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION reactivedata_audit_log_append();

-- Retention deletes the oldest entries: remember, per chain, the last one deleted, where verification starts.
CREATE FUNCTION reactivedata_audit_log_advance_anchor() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO audit_log_anchor AS n (tenant_key, chain_lane, chain_seq, hash)
    SELECT DISTINCT ON (d.tenant_key, d.chain_lane) d.tenant_key, d.chain_lane, d.chain_seq, d.hash
      FROM (SELECT COALESCE(o.tenant_id, '00000000-0000-0000-0000-000000000000') AS tenant_key, o.chain_lane,
                   o.chain_seq, o.hash
              FROM deleted_entries o) d
     ORDER BY d.tenant_key, d.chain_lane, d.chain_seq DESC
    ON CONFLICT (tenant_key, chain_lane) DO UPDATE SET chain_seq = excluded.chain_seq, hash = excluded.hash
     WHERE excluded.chain_seq > n.chain_seq;
    RETURN NULL;
END
$$;

CREATE TRIGGER audit_log_advance_anchor AFTER DELETE ON audit_log
    REFERENCING OLD TABLE AS deleted_entries
    FOR EACH STATEMENT EXECUTE FUNCTION reactivedata_audit_log_advance_anchor();
