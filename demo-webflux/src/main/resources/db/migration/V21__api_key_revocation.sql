-- A key can be revoked: it stops authenticating at once on every instance. Each instance LISTENs on
-- demo_api_key_revoked and forgets its cached answer for the key; NOTIFY is sent only when the revocation commits.
ALTER TABLE api_keys ADD COLUMN revoked_at timestamptz;

-- The application may revoke (admin API) but never un-revoke, rename or re-key.
GRANT UPDATE (revoked_at) ON api_keys TO rdl_app;

CREATE FUNCTION api_keys_refuse_unrevoke() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.revoked_at IS NOT NULL AND NEW.revoked_at IS DISTINCT FROM OLD.revoked_at THEN
        RAISE EXCEPTION 'API key % is revoked for good', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER api_keys_refuse_unrevoke BEFORE UPDATE OF revoked_at ON api_keys
    FOR EACH ROW EXECUTE FUNCTION api_keys_refuse_unrevoke();

CREATE FUNCTION api_keys_notify_revoked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('demo_api_key_revoked', OLD.id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER api_keys_notify_revoked AFTER UPDATE OF revoked_at ON api_keys
    FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
    EXECUTE FUNCTION api_keys_notify_revoked();

CREATE TRIGGER api_keys_notify_deleted AFTER DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION api_keys_notify_revoked();
