-- The audit log is append-only for the application: it adds and reads entries, never changes or removes them
-- (the library's trigger refuses that to every role but the owner, whose retention job deletes old entries).
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM rdl_app;
GRANT SELECT, INSERT ON audit_log TO rdl_app;
