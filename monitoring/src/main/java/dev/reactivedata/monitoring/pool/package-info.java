/**
 * Connection-pool observation: what the r2dbc-pool behind the application's connection factory is doing.
 */
@NullMarked
package dev.reactivedata.monitoring.pool;

import org.jspecify.annotations.NullMarked;
