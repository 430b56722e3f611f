-- Core's test schema for units of work, the audit log and the pool: an audited tenant table.
CREATE TABLE accounts (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid    NOT NULL DEFAULT NULLIF(current_setting('app.tenant_id', true), '')::uuid,
    name       text    NOT NULL,
    balance    integer NOT NULL DEFAULT 0 CHECK (balance >= 0),
    version    integer NOT NULL DEFAULT 0,
    deleted_at timestamptz,
    UNIQUE (tenant_id, name)
);
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY accounts_tenant_isolation ON accounts
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE, DELETE ON accounts TO rdl_test_app;
GRANT SELECT, INSERT ON audit_log TO rdl_test_app;
