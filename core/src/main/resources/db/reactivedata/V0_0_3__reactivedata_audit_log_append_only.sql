-- reactive-data-layer: an append-only audit log. The application role may only add and read entries; only the
-- table's owner (the retention job) deletes or truncates, and no role updates an entry.

-- Retention is an operator job run as the owner with plain batched DELETEs; the SECURITY DEFINER function let any
-- role with PostgreSQL's default EXECUTE for PUBLIC delete every tenant's entries.
DROP FUNCTION reactivedata_audit_log_delete_before(timestamptz);

-- Append-only: no role updates an entry, and only the table's owner (the retention job) deletes or truncates.
CREATE FUNCTION reactivedata_audit_log_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'audit_log is append-only: entries cannot be updated'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'USAGE') THEN
        RAISE EXCEPTION 'audit_log is append-only: only its owner may % entries (retention)', lower(TG_OP)
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER audit_log_refuse_change BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION reactivedata_audit_log_refuse_change();

