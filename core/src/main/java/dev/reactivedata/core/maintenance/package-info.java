/**
 * Maintenance and introspection of an application's database over JDBC, off the event loop: {@code VACUUM} and
 * {@code ANALYZE} with progress, statistics, the schema with row-level security, and the refresh of materialized
 * views ({@code db vacuum}, {@code db analyze}, {@code db stats}, {@code db schema}, {@code db views refresh}).
 * <p>
 * This lives in core rather than in {@code monitoring.maintenance} (DESIGN §11 names both as possible homes)
 * because the {@code db} command frame is in core and monitoring depends on core; for the same reason the bloat
 * that {@code --bloat-over} measures is computed here, with the same measure as the insights' table bloat
 * (dead tuples over live and dead tuples of {@code pg_stat_user_tables}).
 */
@NullMarked
package dev.reactivedata.core.maintenance;

import org.jspecify.annotations.NullMarked;
