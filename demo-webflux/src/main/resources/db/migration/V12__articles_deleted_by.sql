-- Who soft-deleted an article, beside when; cleared again by a restore.
ALTER TABLE articles ADD COLUMN deleted_by text;
