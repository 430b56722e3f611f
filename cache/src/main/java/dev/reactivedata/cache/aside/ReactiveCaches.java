package dev.reactivedata.cache.aside;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import dev.reactivedata.cache.redis.SharedRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The application's caches on one shared connection, one per name, created on first use from common
 * defaults (changed by the options configured for that name, if any) and instrumented with {@link CacheMetrics}
 * when a registry is given. A cache created under a name without configured options says so once, in the log.
 * Also the read-only view a metrics stream polls: {@link #statistics()} and {@link #totals()}.
 */
public final class ReactiveCaches {

	private static final Log logger = LogFactory.getLog(ReactiveCaches.class);

	private final SharedRedisConnection connection;

	private final CacheOptions defaults;

	private final Map<String, UnaryOperator<CacheOptions.Builder>> configured;

	private final @Nullable MeterRegistry registry;

	private final Map<String, ReactiveCache> caches = new ConcurrentHashMap<>();

	/**
	 * Creates the registry of caches.
	 * @param connection the shared Redis connection
	 * @param defaults the options every cache starts from (its name is replaced)
	 * @param registry where to register each cache's meters, or {@code null}
	 */
	public ReactiveCaches(SharedRedisConnection connection, CacheOptions defaults, @Nullable MeterRegistry registry) {
		this(connection, defaults, Map.of(), registry);
	}

	/**
	 * Creates the registry of caches with options of their own for some names.
	 * @param connection the shared Redis connection
	 * @param defaults the options every cache starts from (its name is replaced)
	 * @param configured for each configured cache name, how its options differ from the defaults
	 * @param registry where to register each cache's meters, or {@code null}
	 */
	public ReactiveCaches(SharedRedisConnection connection, CacheOptions defaults,
			Map<String, UnaryOperator<CacheOptions.Builder>> configured, @Nullable MeterRegistry registry) {
		this.connection = Objects.requireNonNull(connection, "connection must not be null");
		this.defaults = Objects.requireNonNull(defaults, "defaults must not be null");
		this.configured = Map.copyOf(Objects.requireNonNull(configured, "configured must not be null"));
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
	 * Returns the cache of this name, creating it on first use with the defaults changed by the options
	 * configured for the name, then by {@code customizer} (ignored when the cache exists).
	 * @param name the cache name
	 * @param customizer changes the defaults for this cache
	 * @return the cache
	 */
	public ReactiveCache cache(String name, UnaryOperator<CacheOptions.Builder> customizer) {
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(customizer, "customizer must not be null");
		return this.caches.computeIfAbsent(name, key -> {
			UnaryOperator<CacheOptions.Builder> own = this.configured.get(key);
			CacheOptions.Builder options = this.defaults.mutate().name(key);
			if (own != null) {
				options = own.apply(options);
			}
			CacheOptions built = customizer.apply(options).build();
			if (own == null) {
				logger.info("Cache '" + key + "' has no options of its own; it uses the defaults (TTL " + built.ttl()
						+ ", negative TTL " + built.negativeTtl() + ", key prefix '" + built.keyPrefix() + "')");
			}
			if (built.nearCacheSize() > 0) {
				logger.info("Cache '" + key + "' keeps a near cache of up to " + built.nearCacheSize()
						+ " entries in process, coherent through Redis client-side caching");
			}
			ReactiveCache cache = ReactiveCache.create(this.connection, built);
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
		long hits = 0, nearHits = 0, misses = 0, bypasses = 0, puts = 0, fenced = 0, evictions = 0, loads = 0, loadFailures = 0,
				loadNanos = 0, early = 0, decodeFailures = 0, errors = 0;
		int queued = 0;
		CircuitState circuit = CircuitState.CLOSED;
		for (CacheStatistics s : statistics()) {
			hits += s.hits();
			nearHits += s.nearHits();
			misses += s.misses();
			bypasses += s.bypasses();
			puts += s.puts();
			fenced += s.rejectedPuts();
			evictions += s.evictions();
			loads += s.loads();
			loadFailures += s.loadFailures();
			loadNanos += s.loadNanos();
			early += s.earlyRefreshes();
			decodeFailures += s.decodeFailures();
			errors += s.errors();
			queued += s.queuedInvalidations();
			if (s.circuit().ordinal() > circuit.ordinal()) {
				circuit = s.circuit();
			}
		}
		return new CacheStatistics("*", hits, nearHits, misses, bypasses, puts, fenced, evictions, loads, loadFailures, loadNanos,
				early, decodeFailures, errors, queued, circuit);
	}

}
