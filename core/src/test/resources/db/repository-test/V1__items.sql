DO $$
BEGIN
    CREATE ROLE rdl_test_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD 'rdl_test_app';
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

CREATE TABLE items (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid        NOT NULL DEFAULT NULLIF(current_setting('app.tenant_id', true), '')::uuid,
    title      text        NOT NULL,
    body       text        NOT NULL DEFAULT '',
    status     text        NOT NULL DEFAULT 'DRAFT',
    tags       text[]      NOT NULL DEFAULT '{}',
    metadata   jsonb       NOT NULL DEFAULT '{}',
    search     tsvector    GENERATED ALWAYS AS (to_tsvector('english'::regconfig, title || ' ' || body)) STORED,
    version    integer     NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_by text,
    updated_by text,
    deleted_at timestamptz,
    deleted_by text
);
CREATE INDEX items_tenant_created_idx ON items (tenant_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX items_search_idx ON items USING gin (search);
CREATE INDEX items_tags_idx ON items USING gin (tags);

CREATE TABLE item_notes (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid        NOT NULL DEFAULT NULLIF(current_setting('app.tenant_id', true), '')::uuid,
    item_id    uuid        NOT NULL REFERENCES items (id),
    body       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX item_notes_item_idx ON item_notes (item_id, created_at);

ALTER TABLE items ENABLE ROW LEVEL SECURITY;
ALTER TABLE items FORCE ROW LEVEL SECURITY;
CREATE POLICY items_tenant_isolation ON items
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
ALTER TABLE item_notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE item_notes FORCE ROW LEVEL SECURITY;
CREATE POLICY item_notes_tenant_isolation ON item_notes
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

GRANT SELECT, INSERT, UPDATE, DELETE ON items, item_notes TO rdl_test_app;
