-- The role the application connects as. Row-level security binds it: no SUPERUSER, no BYPASSRLS, owns
-- nothing, DML grants only. Roles are server-wide, so this is idempotent across databases of one server.
DO $$
BEGIN
    CREATE ROLE rdl_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD '${app_password}';
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN
        ALTER ROLE rdl_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
END
$$;
