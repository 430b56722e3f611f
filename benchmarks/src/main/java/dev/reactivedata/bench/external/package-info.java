/**
 * The machine's own tools run as baselines in the same run: pgbench, redis-benchmark, psql and wrk, each
 * started as a process on loopback with its output parsed.
 */
@NullMarked
package dev.reactivedata.bench.external;

import org.jspecify.annotations.NullMarked;
