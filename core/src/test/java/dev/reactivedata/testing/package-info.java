/**
 * Test kit shared by every module: finds a real PostgreSQL and Redis, gives each integration test class a
 * fresh database migrated from a template and its own Redis key prefix, and drops both afterwards.
 */
@NullMarked
package dev.reactivedata.testing;

import org.jspecify.annotations.NullMarked;
