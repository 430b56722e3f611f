/**
 * Migrations: the library's own schema ({@code audit_log}), migrated by Flyway in a history table of its own so
 * that its versions never mix with the application's, and the operations behind the {@code db} migration commands
 * ({@link dev.reactivedata.core.migration.MigrationOperations}: info, validate, migrate, dry run, undo, new).
 */
@NullMarked
package dev.reactivedata.core.migration;

import org.jspecify.annotations.NullMarked;
