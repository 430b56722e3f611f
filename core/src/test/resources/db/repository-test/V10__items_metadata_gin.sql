-- jsonb filters are containments; the GIN index serves them (as the demo's on articles.metadata does).
CREATE INDEX items_metadata_idx ON items USING gin (metadata jsonb_path_ops);
