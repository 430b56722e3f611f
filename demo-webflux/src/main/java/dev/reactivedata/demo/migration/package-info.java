/**
 * {@code GET /api/db/migrations}: the migration state from the same code as {@code db info} and
 * {@code db validate}.
 */
@NullMarked
package dev.reactivedata.demo.migration;

import org.jspecify.annotations.NullMarked;
