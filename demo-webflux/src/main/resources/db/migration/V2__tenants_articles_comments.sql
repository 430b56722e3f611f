CREATE TABLE tenants (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug       text        NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Keys are stored only as a keyed hash (HMAC-SHA-256); the plaintext never reaches the database.
CREATE TABLE api_keys (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid REFERENCES tenants (id),
    key_hash   bytea       NOT NULL UNIQUE CHECK (octet_length(key_hash) = 32),
    role       text        NOT NULL CHECK (role IN ('TENANT', 'ADMIN')),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((role = 'ADMIN') = (tenant_id IS NULL))
);

CREATE TABLE articles (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid        NOT NULL DEFAULT NULLIF(current_setting('app.tenant_id', true), '')::uuid
                           REFERENCES tenants (id),
    title      text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    body       text        NOT NULL DEFAULT '' CHECK (char_length(body) <= 100000),
    status     text        NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'PUBLISHED', 'ARCHIVED')),
    tags       text[]      NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 20),
    metadata   jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    search     tsvector    GENERATED ALWAYS AS (
                               setweight(to_tsvector('english'::regconfig, title), 'A')
                               || setweight(to_tsvector('english'::regconfig, body), 'B')) STORED,
    version    integer     NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_by text,
    updated_by text,
    deleted_at timestamptz
);

-- Lists filter by tenant and status and sort by creation time; keyset scrolling uses (created_at, id).
CREATE INDEX articles_tenant_created_idx ON articles (tenant_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX articles_tenant_status_created_idx ON articles (tenant_id, status, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX articles_tenant_updated_idx ON articles (tenant_id, updated_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX articles_tenant_title_idx ON articles (tenant_id, title) WHERE deleted_at IS NULL;
CREATE INDEX articles_search_idx ON articles USING gin (search);
CREATE INDEX articles_tags_idx ON articles USING gin (tags);

CREATE TABLE comments (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid        NOT NULL DEFAULT NULLIF(current_setting('app.tenant_id', true), '')::uuid
                           REFERENCES tenants (id),
    article_id uuid        NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    author     text        NOT NULL CHECK (char_length(author) BETWEEN 1 AND 200),
    body       text        NOT NULL CHECK (char_length(body) BETWEEN 1 AND 10000),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX comments_article_created_idx ON comments (article_id, created_at);
CREATE INDEX comments_tenant_idx ON comments (tenant_id);

-- Row-level security: a connection sees the rows of the tenant bound in app.tenant_id, and none when unset.
-- An unset LOCAL setting reads back as '' rather than NULL, hence NULLIF.
ALTER TABLE articles ENABLE ROW LEVEL SECURITY;
ALTER TABLE articles FORCE ROW LEVEL SECURITY;
CREATE POLICY articles_tenant_isolation ON articles
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE comments ENABLE ROW LEVEL SECURITY;
ALTER TABLE comments FORCE ROW LEVEL SECURITY;
CREATE POLICY comments_tenant_isolation ON comments
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

-- The application role gets DML only; it owns nothing. tenants and api_keys are looked up before a tenant is
-- known (authentication), so they carry no policy and the role may only read and add rows there.
GRANT SELECT, INSERT ON tenants, api_keys TO rdl_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON articles, comments, audit_log TO rdl_app;
