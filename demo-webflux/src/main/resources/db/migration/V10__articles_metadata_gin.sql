-- Lists filter by metadata keys (?metadata.source=rss), which the repository renders as jsonb containment
-- (metadata @> '{"source": "rss"}'); jsonb_path_ops indexes exactly that operator, smaller than the default class.
CREATE INDEX articles_metadata_idx ON articles USING gin (metadata jsonb_path_ops);
