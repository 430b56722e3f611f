-- The repository tests' audited entities (items and item_notes as @Audited) append to the library's audit log.
GRANT SELECT, INSERT ON audit_log TO rdl_test_app;
