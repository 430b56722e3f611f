/**
 * The library's own schema ({@code audit_log}), migrated by Flyway in a history table of its own so that its
 * versions never mix with the application's.
 */
@NullMarked
package dev.reactivedata.core.migration;

import org.jspecify.annotations.NullMarked;
