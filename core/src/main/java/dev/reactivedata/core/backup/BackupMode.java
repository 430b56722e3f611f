package dev.reactivedata.core.backup;

/**
 * What a backup holds.
 */
public enum BackupMode {

	/** Schema and data. */
	FULL,

	/** Only the schema ({@code pg_dump --schema-only}). */
	SCHEMA_ONLY,

	/** Only the data ({@code pg_dump --data-only}). */
	DATA_ONLY

}
