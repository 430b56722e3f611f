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

	final LongAdder errors = new LongAdder();

}
