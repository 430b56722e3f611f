-- The role the starter test connects as: row-level security binds it (no superuser, no BYPASSRLS, owns nothing).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rdl_starter') THEN
        CREATE ROLE rdl_starter LOGIN NOSUPERUSER NOBYPASSRLS;
    END IF;
END
$$;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO rdl_starter;
