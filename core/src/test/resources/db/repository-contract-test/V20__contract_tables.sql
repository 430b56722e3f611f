-- Tables of the Spring Data contract tests: one per kind of id, tenant-isolated like items so that every scenario
-- runs in an empty world of its own.
CREATE TABLE contract_int (
    id        serial PRIMARY KEY,
    tenant_id uuid NOT NULL DEFAULT NULLIF(current_setting('app.tenant_id', true), '')::uuid,
    name      text NOT NULL
);

CREATE TABLE contract_long (
    id        bigserial PRIMARY KEY,
    tenant_id uuid    NOT NULL DEFAULT NULLIF(current_setting('app.tenant_id', true), '')::uuid,
    name      text    NOT NULL,
    version   bigint  NOT NULL DEFAULT 0
);

CREATE TABLE contract_boxed (
    id         bigserial PRIMARY KEY,
    tenant_id  uuid NOT NULL DEFAULT NULLIF(current_setting('app.tenant_id', true), '')::uuid,
    name       text NOT NULL,
    deleted_at timestamptz
);

CREATE TABLE contract_uuid (
    id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL DEFAULT NULLIF(current_setting('app.tenant_id', true), '')::uuid,
    name      text NOT NULL
);

CREATE TABLE contract_string (
    code      text PRIMARY KEY,
    tenant_id uuid    NOT NULL DEFAULT NULLIF(current_setting('app.tenant_id', true), '')::uuid,
    name      text    NOT NULL,
    version   integer NOT NULL DEFAULT 0
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['contract_int', 'contract_long', 'contract_boxed', 'contract_uuid', 'contract_string'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::uuid) '
                || 'WITH CHECK (tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::uuid)', t || '_tenant_isolation', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO rdl_test_app', t);
    END LOOP;
END
$$;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO rdl_test_app;
