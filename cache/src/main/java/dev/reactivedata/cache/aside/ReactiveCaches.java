package dev.reactivedata.cache.aside;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import dev.reactivedata.cache.redis.SharedRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;

/**
 * The application's caches on one shared connection, one per name, created on first use from common
 * defaults and instrumented with {@link CacheMetrics} when a registry is given. Also the read-only view a
 * metrics stream polls: {@link #statistics()} and {@link #totals()}.
 */
public final class ReactiveCaches {

	private final SharedRedisConnection connection;

	private final CacheOptions defaults;

	private final @Nullable MeterRegistry registry;

	private final Map<String, ReactiveCache> caches = new ConcurrentHashMap<>();

	/**
	 * Creates the registry of caches.
	 * @param connection the shared Redis connection
	 * @param defaults the options every cache starts from (its name is replaced)
	 * @param registry where to register each cache's meters, or {@code null}
	 */
	public ReactiveCaches(SharedRedisConnection connection, CacheOptions defaults, @Nullable MeterRegistry registry) {
		this.connection = Objects.requireNonNull(connection, "connection must not be null");
		this.defaults = Objects.requireNonNull(defaults, "defaults must not be null");
		this.registry = registry;
	}

	/**
	 * Returns the cache of this name, creating it with the defaults on first use.
	 * @param name the cache name
	 * @return the cache
	 */
	public ReactiveCache cache(String name) {
		return cache(name, UnaryOperator.identity());
	}

	/**
	 * Returns the cache of this name, creating it on first use with the defaults changed by
	 * {@code customizer} (ignored when the cache exists).
	 * @param name the cache name
	 * @param customizer changes the defaults for this cache
	 * @return the cache
	 */
	public ReactiveCache cache(String name, UnaryOperator<CacheOptions.Builder> customizer) {
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(customizer, "customizer must not be null");
		return this.caches.computeIfAbsent(name, key -> {
			ReactiveCache cache = ReactiveCache.create(this.connection,
					customizer.apply(this.defaults.mutate().name(key)).build());
			if (this.registry != null) {
				new CacheMetrics(cache, Tags.empty()).bindTo(this.registry);
			}
			return cache;
		});
	}

	/**
	 * Returns a snapshot of every cache's statistics.
	 * @return one entry per cache
	 */
	public List<CacheStatistics> statistics() {
		return this.caches.values().stream().map(ReactiveCache::statistics).toList();
	}

	/**
	 * Returns the sum of every cache's counters, named {@code *}, with the worst circuit state (open beats
	 * half-open beats closed).
	 * @return the totals
	 */
	public CacheStatistics totals() {
		long hits = 0, misses = 0, bypasses = 0, puts = 0, fenced = 0, evictions = 0, loads = 0, loadFailures = 0,
				loadNanos = 0, early = 0, errors = 0;
		int queued = 0;
		CircuitState circuit = CircuitState.CLOSED;
		for (CacheStatistics s : statistics()) {
			hits += s.hits();
			misses += s.misses();
			bypasses += s.bypasses();
			puts += s.puts();
			fenced += s.rejectedPuts();
			evictions += s.evictions();
			loads += s.loads();
			loadFailures += s.loadFailures();
			loadNanos += s.loadNanos();
			early += s.earlyRefreshes();
			errors += s.errors();
			queued += s.queuedInvalidations();
			if (s.circuit().ordinal() > circuit.ordinal()) {
				circuit = s.circuit();
			}
		}
		return new CacheStatistics("*", hits, misses, bypasses, puts, fenced, evictions, loads, loadFailures, loadNanos,
				early, errors, queued, circuit);
	}

}
