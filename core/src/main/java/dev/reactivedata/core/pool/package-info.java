/**
 * The connection pool: r2dbc-pool with safe defaults, invalidation of every idle connection on a fatal
 * connection error, typed errors for exhaustion and an unreachable database, leak detection with the acquiring
 * call site, and a pool state for health.
 */
@NullMarked
package dev.reactivedata.core.pool;

import org.jspecify.annotations.NullMarked;
