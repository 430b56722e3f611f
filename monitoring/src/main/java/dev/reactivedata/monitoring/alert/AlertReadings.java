package dev.reactivedata.monitoring.alert;

import java.time.Instant;

/**
 * What the alert rules read at one instant: instantaneous pool values and latency percentiles, cumulative
 * counters (the evaluator derives rates from their change between evaluations) and whether the cache circuit is open.
 *
 * @param time when the readings were taken
 * @param poolAcquired connections in use
 * @param poolMax maximum pool size
 * @param poolPending callers waiting for a connection
 * @param p99Ms query latency 99th percentile over the recent window
 * @param queries cumulative statements finished
 * @param queryErrors cumulative statements failed
 * @param cacheHits cumulative cache hits
 * @param cacheMisses cumulative cache misses
 * @param cacheCircuitOpen whether the cache's circuit breaker is open (reads bypass Redis)
 */
public record AlertReadings(Instant time, int poolAcquired, int poolMax, int poolPending, double p99Ms, long queries,
		long queryErrors, long cacheHits, long cacheMisses, boolean cacheCircuitOpen) {
}
