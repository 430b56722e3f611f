package dev.reactivedata.cache.aside;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import dev.reactivedata.cache.redis.SharedRedisConnection;
import dev.reactivedata.core.tenant.TenantContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * The Redis {@link ReactiveCache}: reads with single flight and early refresh, fenced stores, tombstones,
 * and a circuit breaker; invalidations go through an {@link InvalidationQueue} that is replayed before reads
 * use Redis again.
 */
final class DefaultReactiveCache implements ReactiveCache {

	private static final Log logger = LogFactory.getLog(DefaultReactiveCache.class);

	private final CacheOptions options;

	private final CacheStore store;

	private final CircuitBreaker breaker;

	private final CacheCounters counters = new CacheCounters();

	private final Flights flights = new Flights();

	private final InvalidationQueue invalidations;

	private final EntryWrites writes;

	private final @Nullable NearCache near;

	private final EntryDecoder decoder;

	private final SourceLoads loads;

	DefaultReactiveCache(SharedRedisConnection connection, CacheOptions options) {
		Objects.requireNonNull(connection, "connection must not be null");
		this.options = Objects.requireNonNull(options, "options must not be null");
		this.store = new CacheStore(connection, options.keyPrefix(), options.name());
		this.breaker = new CircuitBreaker(options.name(), options.failureThreshold(), options.openDuration().toMillis(),
				options.clock());
		this.invalidations = new InvalidationQueue(options, this.store, this.breaker, this.counters, this.flights);
		this.writes = new EntryWrites(options, this.store, this.breaker, this.counters);
		this.near = (options.nearCacheSize() > 0) ? new NearCache(options.name(), connection, options.nearCacheSize(),
				options.clock(), options.openDuration().toMillis()) : null;
		this.decoder = new EntryDecoder(options, this.counters, this.near);
		this.loads = new SourceLoads(this.breaker, this.counters, this.writes);
	}

	/**
	 * Reads an entry: through the near cache when there is one, else from Redis.
	 */
	private Mono<byte[]> read(String key) {
		NearCache near = this.near;
		return (near != null) ? near.get(key, this.store.get(key)) : this.store.get(key);
	}

	/** @return the near cache, or {@code null} when it is off */
	@Nullable NearCache near() {
		return this.near;
	}

	@Override
	public String name() {
		return this.options.name();
	}

	@Override
	public <T> Mono<CacheLookup<T>> lookup(CacheRequest<T> request) {
		Objects.requireNonNull(request, "request must not be null");
		return lookup(new LookupRequest<>(request, request.type(), Function.identity()));
	}

	@Override
	public <T, V> Mono<CacheLookup<V>> lookup(CacheRequest<T> request, Class<V> view,
			Function<? super T, ? extends V> mapper) {
		Objects.requireNonNull(request, "request must not be null");
		Objects.requireNonNull(view, "view must not be null");
		Objects.requireNonNull(mapper, "mapper must not be null");
		return lookup(new LookupRequest<>(request, view, mapper));
	}

	private <T, V> Mono<CacheLookup<V>> lookup(LookupRequest<T, V> lookup) {
		return Mono.deferContextual(context -> lookup(lookup, tenant(context), context));
	}

	private <T, V> Mono<CacheLookup<V>> lookup(LookupRequest<T, V> lookup, String tenant, ContextView context) {
		CircuitBreaker.Permit permit = this.breaker.acquire();
		if (permit == CircuitBreaker.Permit.ALLOW) {
			return cached(lookup, tenant, context, false);
		}
		if (permit == CircuitBreaker.Permit.REJECT) {
			return bypass(lookup, tenant);
		}
		return this.invalidations.recover()
			.flatMap(usable -> usable ? cached(lookup, tenant, context, false) : bypass(lookup, tenant));
	}

	private <T, V> Mono<CacheLookup<V>> cached(LookupRequest<T, V> lookup, String tenant, ContextView context,
			boolean retry) {
		CacheRequest<T> request = lookup.request();
		long started = System.nanoTime();
		return this.invalidations.generation().flatMap(generation -> {
			String key = this.store.entryKey(generation, tenant, request.key());
			return read(key)
				.map(raw -> new Probe(generation, key, raw, started))
				.defaultIfEmpty(new Probe(generation, key, null, started));
		}).onErrorResume(ex -> {
			failure(ex);
			return Mono.just(Probe.UNAVAILABLE);
		}).flatMap(probe -> answer(lookup, tenant, context, probe, retry));
	}

	private <T, V> Mono<CacheLookup<V>> answer(LookupRequest<T, V> lookup, String tenant, ContextView context,
			Probe probe, boolean retry) {
		if (probe == Probe.UNAVAILABLE) {
			return bypass(lookup, tenant);
		}
		this.breaker.onSuccess();
		byte[] raw = probe.raw();
		if (raw == null) {
			return miss(lookup, tenant, context, probe, retry);
		}
		try {
			CacheEntry entry = CacheEntry.decode(raw);
			if (entry.kind() == CacheEntry.NOT_FOUND) {
				this.counters.hits.increment();
				return Mono.just(new CacheLookup<>(null, CacheSource.HIT));
			}
			if (entry.kind() != CacheEntry.VALUE) {
				return miss(lookup, tenant, context, probe.withFloor(entry.version()), retry);
			}
			if (this.decoder.refreshEarly(entry)) {
				this.counters.earlyRefreshes.increment();
				return miss(lookup, tenant, context, probe.withFloor(entry.version()), retry);
			}
			V value = this.decoder.decode(probe.key(), raw, entry, lookup.view());
			this.counters.hits.increment();
			return Mono.just(new CacheLookup<>(value, CacheSource.HIT));
		}
		catch (RuntimeException ex) {
			this.decoder.undecodable(probe.key(), ex);
			return miss(lookup, tenant, context, probe, retry);
		}
	}

	/**
	 * Loads through the key's flight. The lookup runs once more when the flight's value may predate a write
	 * acknowledged while this caller waited, perhaps by another process: when its store was not confirmed (the
	 * fence refused it, the load outlived the fence window, Redis failed) or when it is older than the
	 * version this caller saw in Redis (a tombstone).
	 */
	private <T, V> Mono<CacheLookup<V>> miss(LookupRequest<T, V> lookup, String tenant, ContextView context,
			Probe probe, boolean retry) {
		CacheRequest<T> request = lookup.request();
		this.counters.misses.increment();
		return this.flights
			.join(tenant, request.key(), probe.started(), context, () -> this.loads.loadAndStore(request, tenant, probe))
			.flatMap(loaded -> {
				if (!retry && (!loaded.stored() || SourceLoads.olderThan(request, loaded, probe.floor()))) {
					return cached(lookup, tenant, context, true);
				}
				return Mono.just(new CacheLookup<>(lookup.answer(loaded), CacheSource.MISS));
			});
	}

	/**
	 * Reads the source without Redis. Bypassing reads do not share loads: with Redis away, another process's
	 * acknowledged write is invisible here, and a shared load that began before it would hand later readers
	 * an older row.
	 */
	private <T, V> Mono<CacheLookup<V>> bypass(LookupRequest<T, V> lookup, String tenant) {
		this.counters.bypasses.increment();
		return this.loads.loadAndStore(lookup.request(), tenant, null)
			.map(loaded -> new CacheLookup<>(lookup.answer(loaded), CacheSource.BYPASS));
	}


	@Override
	public <T> Mono<CacheLookup<T>> find(String key, Class<T> type) {
		Objects.requireNonNull(key, "key must not be null");
		Objects.requireNonNull(type, "type must not be null");
		return tenant().flatMap(tenant -> usable().flatMap(usable -> {
			if (!usable) {
				this.counters.bypasses.increment();
				return Mono.empty();
			}
			return this.invalidations.generation()
				.map(generation -> this.store.entryKey(generation, tenant, key))
				.flatMap(entryKey -> read(entryKey).mapNotNull(raw -> found(raw, entryKey, type)))
				.onErrorResume(ex -> {
					failure(ex);
					return Mono.empty();
				})
				.switchIfEmpty(Mono.fromRunnable(this.counters.misses::increment));
		}));
	}

	private <T> @Nullable CacheLookup<T> found(byte[] raw, String key, Class<T> type) {
		this.breaker.onSuccess();
		try {
			CacheEntry entry = CacheEntry.decode(raw);
			if (entry.kind() == CacheEntry.TOMBSTONE) {
				return null;
			}
			T value = (entry.kind() == CacheEntry.NOT_FOUND) ? null : this.decoder.decode(key, raw, entry, type);
			this.counters.hits.increment();
			return new CacheLookup<>(value, CacheSource.HIT);
		}
		catch (RuntimeException ex) {
			this.decoder.undecodable(key, ex);
			return null;
		}
	}

	@Override
	public Mono<Void> put(String key, @Nullable Object value) {
		Objects.requireNonNull(key, "key must not be null");
		return tenant().flatMap(tenant -> usable().flatMap(usable -> !usable ? Mono.empty()
				: this.invalidations.generation().onErrorResume(ex -> {
					failure(ex);
					return Mono.empty();
				}).flatMap(generation -> {
					Probe probe = new Probe(generation, this.store.entryKey(generation, tenant, key), null, System.nanoTime());
					CacheRequest<?> request = CacheRequest.of(key, Object.class, Mono::empty);
					Loaded loaded = (value != null) ? new Loaded(value) : Loaded.EMPTY;
					return this.writes.store(request, tenant, probe, loaded, System.currentTimeMillis(), 0);
				})).then());
	}

	/**
	 * Emits whether Redis may be used now, recovering it first when this caller got the circuit's probe permit.
	 */
	private Mono<Boolean> usable() {
		CircuitBreaker.Permit permit = this.breaker.acquire();
		if (permit == CircuitBreaker.Permit.ALLOW) {
			return Mono.just(true);
		}
		return (permit == CircuitBreaker.Permit.REJECT) ? Mono.just(false) : this.invalidations.recover();
	}

	@Override
	public Mono<Void> invalidate(String key, long version) {
		Objects.requireNonNull(key, "key must not be null");
		return submit(Invalidation.Kind.TOMBSTONE, key, version);
	}

	@Override
	public Mono<Void> invalidateAll(Map<String, Long> versions) {
		Objects.requireNonNull(versions, "versions must not be null");
		return tenant().flatMap(tenant -> this.invalidations.submit(versions.entrySet()
			.stream()
			.map(entry -> new Invalidation(Invalidation.Kind.TOMBSTONE, tenant, entry.getKey(), entry.getValue()))
			.toList()));
	}

	@Override
	public Mono<Void> evictAll(Collection<String> keys) {
		Objects.requireNonNull(keys, "keys must not be null");
		return tenant().flatMap(tenant -> this.invalidations
			.submit(keys.stream().map(key -> new Invalidation(Invalidation.Kind.DELETE, tenant, key, 0)).toList()));
	}

	@Override
	public Mono<Void> evict(String key) {
		Objects.requireNonNull(key, "key must not be null");
		return submit(Invalidation.Kind.DELETE, key, 0);
	}

	@Override
	public Mono<Void> evictTag(String tag) {
		Objects.requireNonNull(tag, "tag must not be null");
		return submit(Invalidation.Kind.TAG, tag, 0);
	}

	@Override
	public Mono<Void> evictPattern(String pattern) {
		Objects.requireNonNull(pattern, "pattern must not be null");
		return submit(Invalidation.Kind.PATTERN, pattern, 0);
	}

	@Override
	public Mono<Void> clear() {
		return submit(Invalidation.Kind.CLEAR, "", 0);
	}

	private Mono<Void> submit(Invalidation.Kind kind, String target, long version) {
		return tenant()
			.flatMap(tenant -> this.invalidations.submit(List.of(new Invalidation(kind, tenant, target, version))));
	}

	private void failure(Throwable error) {
		this.counters.errors.increment();
		this.breaker.onFailure(error);
		if (logger.isDebugEnabled()) {
			logger.debug("Cache '" + name() + "' Redis command failed; failing open", error);
		}
	}

	private static Mono<String> tenant() {
		return Mono.deferContextual(context -> Mono.just(tenant(context)));
	}

	private static String tenant(ContextView context) {
		return TenantContext.from(context).map(UUID::toString).orElse(CacheStore.NO_TENANT);
	}

	@Override
	public CacheStatistics statistics() {
		NearCache near = this.near;
		return this.counters.snapshot(name(), (near != null) ? near.hits() : 0, this.invalidations.size(),
				this.breaker.state());
	}

}
