-- A regular view of the live (not soft-deleted) articles. security_invoker makes it run with the caller's
-- privileges, so the articles' row-level security policies still apply: rdl_app sees its tenant's rows only.
CREATE VIEW active_articles WITH (security_invoker = true) AS
    SELECT id, tenant_id, title, status, tags, created_at
    FROM articles
    WHERE deleted_at IS NULL;

-- Article counts per tenant by status, by tag and by day (UTC), refreshed by `db views refresh
-- [--concurrently]` (concurrently thanks to the unique index). A materialized view has no
-- row-level security of its own and its refresh reads every tenant's rows, so it must be refreshed by a role that
-- bypasses the policies (the schema owner as superuser, or a BYPASSRLS role), and rdl_app never reads it directly.
CREATE MATERIALIZED VIEW article_stats AS
    SELECT tenant_id, 'status' AS dimension, status AS key, count(*) AS articles
    FROM active_articles GROUP BY tenant_id, status
    UNION ALL
    SELECT tenant_id, 'tag', tag, count(*)
    FROM active_articles CROSS JOIN LATERAL unnest(tags) AS tag GROUP BY tenant_id, tag
    UNION ALL
    SELECT tenant_id, 'day', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), count(*)
    FROM active_articles GROUP BY tenant_id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')
WITH DATA;

CREATE UNIQUE INDEX article_stats_key ON article_stats (tenant_id, dimension, key);

-- The tenant's rows of the materialized view, filtered the way the policies filter (no tenant bound: no rows).
-- It runs with its owner's privileges; security_barrier keeps the tenant filter ahead of any caller's predicate.
CREATE VIEW tenant_article_stats WITH (security_barrier = true) AS
    SELECT dimension, key, articles
    FROM article_stats
    WHERE tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid;

GRANT SELECT ON active_articles, tenant_article_stats TO rdl_app;
