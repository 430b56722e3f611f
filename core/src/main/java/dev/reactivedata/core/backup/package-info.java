/**
 * Backups and verified restores of an application's database with PostgreSQL's own {@code pg_dump} and
 * {@code pg_restore}, each dump with a JSON manifest ({@code db backup}, {@code db backups}, {@code db restore}).
 * <p>
 * This lives in core rather than in {@code monitoring.backup} (DESIGN §11 names both as possible homes) because the
 * {@code db} command frame is in core and monitoring depends on core, not the other way round.
 */
@NullMarked
package dev.reactivedata.core.backup;

import org.jspecify.annotations.NullMarked;
