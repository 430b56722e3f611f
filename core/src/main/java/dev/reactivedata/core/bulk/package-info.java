/**
 * Bulk writes and line imports: chunked inserts and updates with one statement per chunk
 * ({@code INSERT … SELECT FROM unnest(…)}, which PostgreSQL accepts under row-level security where it refuses
 * {@code COPY}), deletes by id as one statement, and imports of NDJSON or CSV lines with rejected-line reports.
 */
@NullMarked
package dev.reactivedata.core.bulk;

import org.jspecify.annotations.NullMarked;
