-- A boxed id with a version, for the contract of deleting a stale copy.
CREATE TABLE contract_boxed_versioned (
    id        bigserial PRIMARY KEY,
    tenant_id uuid    NOT NULL DEFAULT NULLIF(current_setting('app.tenant_id', true), '')::uuid,
    name      text    NOT NULL,
    version   integer NOT NULL DEFAULT 0
);
ALTER TABLE contract_boxed_versioned ENABLE ROW LEVEL SECURITY;
ALTER TABLE contract_boxed_versioned FORCE ROW LEVEL SECURITY;
CREATE POLICY contract_boxed_versioned_tenant_isolation ON contract_boxed_versioned
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE, DELETE ON contract_boxed_versioned TO rdl_test_app;
GRANT USAGE ON SEQUENCE contract_boxed_versioned_id_seq TO rdl_test_app;
