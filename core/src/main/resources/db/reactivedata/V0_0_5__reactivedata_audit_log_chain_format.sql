-- reactive-data-layer: the audit chain's content tells an old or new value that is SQL NULL from one that is
-- JSON null. Format 1 (V0_0_4) put both into its JSON array as null, so a superuser could turn one into the other
-- without breaking the chain. Format 2 wraps a present value in a one-element array ([null] for JSON null) and
-- starts the array with the format number. Every entry records the format its hash was computed in: the entries
-- written before this migration keep format 1 and verify as they were hashed; the trigger writes format 2.

-- chain_format: the content encoding the entry's hash covers (1: V0_0_4's, 2: this one's). The trigger sets it;
-- an entry claiming another format than the one it was hashed in no longer matches its hash.
ALTER TABLE audit_log ADD COLUMN chain_format smallint NOT NULL DEFAULT 1;
ALTER TABLE audit_log ALTER COLUMN chain_format SET DEFAULT 2;

-- The bytes an entry's hash covers, in the entry's format; NULL (which no stored hash matches) for an unknown one.
CREATE OR REPLACE FUNCTION reactivedata_audit_log_content(entry audit_log) RETURNS bytea
    LANGUAGE sql
    STABLE
    PARALLEL SAFE
AS $$
    SELECT convert_to(CASE entry.chain_format
        WHEN 1 THEN jsonb_build_array(entry.id, entry.tenant_id, entry.chain_lane, entry.chain_seq,
               entry.entity_type, entry.entity_id, entry.action, entry.actor, entry.old_value, entry.new_value,
               entry.correlation_id, (extract(epoch FROM entry.occurred_at) * 1000000)::bigint)
        WHEN 2 THEN jsonb_build_array(2, entry.id, entry.tenant_id, entry.chain_lane, entry.chain_seq,
               entry.entity_type, entry.entity_id, entry.action, entry.actor,
               CASE WHEN entry.old_value IS NOT NULL THEN jsonb_build_array(entry.old_value) END,
               CASE WHEN entry.new_value IS NOT NULL THEN jsonb_build_array(entry.new_value) END,
               entry.correlation_id, (extract(epoch FROM entry.occurred_at) * 1000000)::bigint)
        END::text, 'UTF8');
$$;

-- As V0_0_4's, and every entry it appends is hashed in format 2, whatever the writer gave.
CREATE OR REPLACE FUNCTION reactivedata_audit_log_append() RETURNS trigger
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
    NEW.chain_format := 2;
    NEW.chain_lane := lane;
    NEW.chain_seq := COALESCE(last_seq, 0) + 1;
    NEW.occurred_at := GREATEST(NEW.occurred_at, last_at);
    NEW.hash := sha256(COALESCE(last_hash, ''::bytea) || reactivedata_audit_log_content(NEW));
    RETURN NEW;
END
$$;
