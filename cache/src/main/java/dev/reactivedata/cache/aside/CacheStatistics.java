package dev.reactivedata.cache.aside;

/**
 * A read-only snapshot of one cache's counters since start, cheap to take (in-memory counters only), for
 * metrics streams and dashboards. Rates come from the difference of two snapshots.
 *
 * @param name the cache name
 * @param hits reads answered from the cache: from Redis, or from the near cache when it is on
 * @param nearHits reads whose entry the near cache supplied without a Redis read (counted in {@code hits} or,
 * for an entry read as a miss, in {@code misses} as well)
 * @param misses reads that loaded from the source and stored the value
 * @param bypasses reads that did not use Redis (circuit open or a Redis failure)
 * @param puts values, "not found" markers and tombstones written
 * @param rejectedPuts writes refused by the version fence (an older value than the one cached)
 * @param evictions keys removed or tombstoned
 * @param loads source loads (after single flight)
 * @param loadFailures source loads that failed
 * @param loadNanos total time spent in source loads
 * @param earlyRefreshes hits turned into refreshes by probabilistic early expiry
 * @param decodeFailures entries that could not be decoded (such as after a change of the value's class), read
 * as misses and overwritten
 * @param errors Redis commands that failed or timed out
 * @param queuedInvalidations invalidations waiting for Redis to come back
 * @param circuit the circuit breaker's state
 */
public record CacheStatistics(String name, long hits, long nearHits, long misses, long bypasses, long puts, long rejectedPuts,
		long evictions, long loads, long loadFailures, long loadNanos, long earlyRefreshes, long decodeFailures, long errors,
		int queuedInvalidations, CircuitState circuit) {

	/**
	 * Returns hits divided by reads that used Redis (hits plus misses), {@code 0} before the first read.
	 * @return the hit ratio in {@code [0, 1]}
	 */
	public double hitRatio() {
		long reads = this.hits + this.misses;
		return (reads == 0) ? 0 : (double) this.hits / reads;
	}

}
