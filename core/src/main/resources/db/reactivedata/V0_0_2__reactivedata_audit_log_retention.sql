-- reactive-data-layer: retention of the audit log across tenants. Row-level security scopes the application
-- role to one tenant, so the cleanup runs as the function's owner (the migrating role, which must be a
-- superuser or have BYPASSRLS to see every tenant's rows).
CREATE FUNCTION reactivedata_audit_log_delete_before(cutoff timestamptz) RETURNS bigint
    LANGUAGE sql
    SECURITY DEFINER
    SET search_path FROM CURRENT
AS $$
    WITH deleted AS (
        DELETE FROM audit_log WHERE occurred_at < cutoff RETURNING 1
    )
    SELECT count(*) FROM deleted;
$$;
