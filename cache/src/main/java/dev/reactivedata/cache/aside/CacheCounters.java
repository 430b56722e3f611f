package dev.reactivedata.cache.aside;

import java.util.concurrent.atomic.LongAdder;

/**
 * The in-memory counters behind {@link CacheStatistics} and {@link CacheMetrics}.
 */
final class CacheCounters {

	final LongAdder hits = new LongAdder();

	final LongAdder misses = new LongAdder();

	final LongAdder bypasses = new LongAdder();

	final LongAdder puts = new LongAdder();

	final LongAdder rejectedPuts = new LongAdder();

	final LongAdder evictions = new LongAdder();

	final LongAdder loads = new LongAdder();

	final LongAdder loadFailures = new LongAdder();

	final LongAdder loadNanos = new LongAdder();

	final LongAdder earlyRefreshes = new LongAdder();

	final LongAdder decodeFailures = new LongAdder();

	final LongAdder errors = new LongAdder();

	/**
	 * Reads the counters at this moment, with what they do not hold themselves.
	 * @param name the cache's name
	 * @param nearHits the reads the near cache answered
	 * @param queuedInvalidations the invalidations waiting for Redis
	 * @param circuit the circuit breaker's state
	 */
	CacheStatistics snapshot(String name, long nearHits, int queuedInvalidations, CircuitState circuit) {
		return new CacheStatistics(name, this.hits.sum(), nearHits, this.misses.sum(), this.bypasses.sum(),
				this.puts.sum(), this.rejectedPuts.sum(), this.evictions.sum(), this.loads.sum(), this.loadFailures.sum(),
				this.loadNanos.sum(), this.earlyRefreshes.sum(), this.decodeFailures.sum(), this.errors.sum(),
				queuedInvalidations, circuit);
	}

}
