-- An application's migration on the library's audit_log: it needs the library's migrations applied first.
GRANT SELECT ON audit_log TO PUBLIC;
