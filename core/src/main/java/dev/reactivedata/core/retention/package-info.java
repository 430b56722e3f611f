/**
 * Retention: deleting old audit entries and purging soft-deleted rows in bounded batches, as the schema owner
 * ({@code db retention} and the optional scheduled job).
 */
@NullMarked
package dev.reactivedata.core.retention;

import org.jspecify.annotations.NullMarked;
