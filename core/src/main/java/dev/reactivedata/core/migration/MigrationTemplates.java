package dev.reactivedata.core.migration;

/**
 * The templates {@code db new} writes.
 */
final class MigrationTemplates {

	private MigrationTemplates() {
	}

	static String migration(String description, MigrationKind kind, String version) {
		if (kind == MigrationKind.DATA) {
			return """
					-- V%s: %s (data change)
					-- Runs in one transaction as the schema owner. Keep it idempotent, touch rows in bounded batches
					-- (WHERE id IN (SELECT … LIMIT n)) on big tables, and try it first with `db dry-run`.

					""".formatted(version, description);
		}
		return """
				-- V%s: %s (schema change)
				-- Runs in one transaction as the schema owner; `db dry-run` shows what it creates, alters and drops.
				-- CREATE INDEX CONCURRENTLY and VACUUM cannot run in a transaction: give them a migration of their own.
				-- Grant the application role what it needs (DML only), and enable row-level security on tenant tables.
				-- U%s__….sql next to this file undoes it (`db undo`).

				""".formatted(version, description, version.replace('.', '_'));
	}

	static String undo(String description, String version) {
		return """
				-- U%s: undoes V%s (%s). `db undo` runs it in one transaction and removes V%s from the history.

				""".formatted(version.replace('.', '_'), version, description, version);
	}

}
