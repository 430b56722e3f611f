package dev.reactivedata.cache.aside;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds one {@link ReactiveCache}'s meters, named like Micrometer's cache binders ({@code cache.gets} with
 * {@code result=hit|miss}, {@code cache.puts}, {@code cache.evictions}) plus load latency, errors, bypasses,
 * fence rejections, undecodable entries and the circuit state, all tagged {@code cache=<name>}. Every meter reads in-memory
 * counters.
 */
public final class CacheMetrics implements MeterBinder {

	/**
	 * Meter names.
	 */
	public static final class Names {

		/** Reads, tagged {@code result=hit|miss}. */
		public static final String GETS = "cache.gets";

		/** Reads whose entry the near cache supplied without a Redis read. */
		public static final String NEAR_HITS = "cache.near.hits";

		/** Reads that bypassed Redis (circuit open or Redis failed). */
		public static final String BYPASSES = "cache.bypasses";

		/** Entries written. */
		public static final String PUTS = "cache.puts";

		/** Stores refused by the version fence. */
		public static final String FENCED = "cache.puts.fenced";

		/** Keys removed or tombstoned. */
		public static final String EVICTIONS = "cache.evictions";

		/** Source loads, tagged {@code result=success|failure}. */
		public static final String LOADS = "cache.load";

		/** Time spent in source loads. */
		public static final String LOAD_DURATION = "cache.load.duration";

		/** Hits turned into refreshes by probabilistic early expiry. */
		public static final String EARLY_REFRESHES = "cache.refreshes.early";

		/** Entries that could not be decoded, read as misses and overwritten. */
		public static final String DECODE_FAILURES = "cache.decode.failures";

		/** Redis commands that failed or timed out. */
		public static final String ERRORS = "cache.errors";

		/** Circuit state: 0 closed, 1 half-open, 2 open. */
		public static final String CIRCUIT_STATE = "cache.circuit.state";

		/** Invalidations queued while Redis is away. */
		public static final String QUEUED_INVALIDATIONS = "cache.invalidations.queued";

		/** Hits divided by hits plus misses since start. */
		public static final String HIT_RATIO = "cache.hit.ratio";

		private Names() {
		}

	}

	private final ReactiveCache cache;

	private final Tags tags;

	/**
	 * Creates the binder.
	 * @param cache the cache to instrument
	 * @param tags extra tags for every meter
	 */
	public CacheMetrics(ReactiveCache cache, Iterable<Tag> tags) {
		this.cache = Objects.requireNonNull(cache, "cache must not be null");
		this.tags = Tags.of(Objects.requireNonNull(tags, "tags must not be null")).and("cache", cache.name());
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		ReactiveCache c = this.cache;
		counter(registry, Names.GETS, "Cache reads", c, s -> s.statistics().hits(), "result", "hit");
		counter(registry, Names.GETS, "Cache reads", c, s -> s.statistics().misses(), "result", "miss");
		counter(registry, Names.NEAR_HITS, "Cache reads whose entry the in-process near cache supplied without a Redis read",
				c, s -> s.statistics().nearHits());
		counter(registry, Names.BYPASSES, "Cache reads that bypassed Redis", c, s -> s.statistics().bypasses());
		counter(registry, Names.PUTS, "Entries written to the cache", c, s -> s.statistics().puts());
		counter(registry, Names.FENCED, "Cache writes refused because a newer version or tombstone was cached", c,
				s -> s.statistics().rejectedPuts());
		counter(registry, Names.EVICTIONS, "Cache keys removed or tombstoned", c, s -> s.statistics().evictions());
		counter(registry, Names.LOADS, "Source loads on cache misses", c,
				s -> s.statistics().loads() - s.statistics().loadFailures(), "result", "success");
		counter(registry, Names.LOADS, "Source loads on cache misses", c, s -> s.statistics().loadFailures(), "result",
				"failure");
		counter(registry, Names.EARLY_REFRESHES, "Cache hits refreshed early", c, s -> s.statistics().earlyRefreshes());
		counter(registry, Names.DECODE_FAILURES, "Cache entries that could not be decoded, read as misses and overwritten",
				c, s -> s.statistics().decodeFailures());
		counter(registry, Names.ERRORS, "Redis commands of the cache that failed or timed out", c,
				s -> s.statistics().errors());
		FunctionTimer.builder(Names.LOAD_DURATION, c, s -> s.statistics().loads(), s -> s.statistics().loadNanos(),
				TimeUnit.NANOSECONDS)
			.tags(this.tags)
			.description("Time spent loading missed cache entries from the source")
			.register(registry);
		Gauge.builder(Names.CIRCUIT_STATE, c, s -> s.statistics().circuit().ordinal())
			.tags(this.tags)
			.description("Cache circuit breaker state: 0 closed, 1 half-open, 2 open")
			.register(registry);
		Gauge.builder(Names.QUEUED_INVALIDATIONS, c, s -> s.statistics().queuedInvalidations())
			.tags(this.tags)
			.description("Cache invalidations queued while Redis is away")
			.baseUnit("invalidations")
			.register(registry);
		Gauge.builder(Names.HIT_RATIO, c, s -> s.statistics().hitRatio())
			.tags(this.tags)
			.description("Cache hits divided by hits plus misses since start")
			.register(registry);
	}

	private void counter(MeterRegistry registry, String name, String description, ReactiveCache cache,
			java.util.function.ToDoubleFunction<ReactiveCache> value, String... extraTags) {
		FunctionCounter.builder(name, cache, value)
			.tags(this.tags.and(extraTags))
			.description(description)
			.register(registry);
	}

}
