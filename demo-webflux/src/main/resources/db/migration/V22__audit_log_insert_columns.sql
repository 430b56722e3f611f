-- The application inserts audit entries with their content only: their time comes from the database's clock (the
-- sealer links entries into their chains in time order, so an entry dated by its writer could hold sealing back
-- or jump the queue) and their tenant from the connection's binding.
REVOKE INSERT ON audit_log FROM rdl_app;
GRANT INSERT (entity_type, entity_id, action, actor, old_value, new_value, correlation_id) ON audit_log TO rdl_app;
