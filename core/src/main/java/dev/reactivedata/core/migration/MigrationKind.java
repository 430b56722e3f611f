package dev.reactivedata.core.migration;

/**
 * The template {@code db new} writes.
 */
public enum MigrationKind {

	/** A schema change, with an undo script next to it. */
	SCHEMA,

	/** A data change (backfill, fix-up). */
	DATA

}
