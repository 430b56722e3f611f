package dev.reactivedata.cache.aside;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToLongFunction;

import dev.reactivedata.cache.redis.SharedRedisConnection;
import dev.reactivedata.core.tenant.TenantContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * The Redis {@link ReactiveCache}: reads with single flight and early refresh, fenced stores, tombstones,
 * and a circuit breaker with an invalidation queue that is replayed before reads use Redis again.
 */
final class DefaultReactiveCache implements ReactiveCache {

	private static final Log logger = LogFactory.getLog(DefaultReactiveCache.class);

	private static final byte[] NO_PAYLOAD = new byte[0];

	private final CacheOptions options;

	private final CacheStore store;

	private final CircuitBreaker breaker;

	private final CacheCounters counters = new CacheCounters();

	private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();

	private final java.util.concurrent.atomic.AtomicInteger sweepAt = new java.util.concurrent.atomic.AtomicInteger(1024);

	private final Object queueLock = new Object();

	private final ArrayDeque<Invalidation> queue = new ArrayDeque<>();

	private boolean overflowed;

	private volatile Mono<Long> generation;

	DefaultReactiveCache(SharedRedisConnection connection, CacheOptions options) {
		Objects.requireNonNull(connection, "connection must not be null");
		this.options = Objects.requireNonNull(options, "options must not be null");
		this.store = new CacheStore(connection, options.keyPrefix(), options.name());
		this.breaker = new CircuitBreaker(options.name(), options.failureThreshold(), options.openDuration().toMillis(),
				options.clock());
		this.generation = newGeneration();
	}

	@Override
	public String name() {
		return this.options.name();
	}

	@Override
	public <T> Mono<CacheLookup<T>> lookup(CacheRequest<T> request) {
		Objects.requireNonNull(request, "request must not be null");
		return tenant().flatMap(tenant -> Mono.deferContextual(context -> lookup(request, tenant, context)));
	}

	private <T> Mono<CacheLookup<T>> lookup(CacheRequest<T> request, String tenant, ContextView context) {
		CircuitBreaker.Permit permit = this.breaker.acquire();
		if (permit == CircuitBreaker.Permit.ALLOW) {
			return cached(request, tenant, context, false);
		}
		if (permit == CircuitBreaker.Permit.REJECT) {
			return bypass(request, tenant, context);
		}
		return recover()
			.flatMap(usable -> usable ? cached(request, tenant, context, false) : bypass(request, tenant, context));
	}

	private <T> Mono<CacheLookup<T>> cached(CacheRequest<T> request, String tenant, ContextView context,
			boolean retry) {
		long started = System.nanoTime();
		return this.generation.flatMap(generation -> {
			String key = this.store.entryKey(generation, tenant, request.key());
			return this.store.get(key)
				.map(raw -> new Probe(generation, key, raw, started))
				.defaultIfEmpty(new Probe(generation, key, null, started));
		}).onErrorResume(ex -> {
			failure(ex);
			return Mono.just(Probe.UNAVAILABLE);
		}).flatMap(probe -> answer(request, tenant, context, probe, retry));
	}

	private <T> Mono<CacheLookup<T>> answer(CacheRequest<T> request, String tenant, ContextView context, Probe probe,
			boolean retry) {
		if (probe == Probe.UNAVAILABLE) {
			return bypass(request, tenant, context);
		}
		this.breaker.onSuccess();
		byte[] raw = probe.raw();
		if (raw == null) {
			return miss(request, tenant, context, probe, retry);
		}
		try {
			CacheEntry entry = CacheEntry.decode(raw);
			if (entry.kind() == CacheEntry.NOT_FOUND) {
				this.counters.hits.increment();
				return Mono.just(new CacheLookup<>(null, CacheSource.HIT));
			}
			if (entry.kind() != CacheEntry.VALUE) {
				return miss(request, tenant, context, probe.withFloor(entry.version()), retry);
			}
			if (refreshEarly(entry)) {
				this.counters.earlyRefreshes.increment();
				return miss(request, tenant, context, probe.withFloor(entry.version()), retry);
			}
			T value = this.options.codec()
				.decode(raw, entry.payloadOffset(), raw.length - entry.payloadOffset(), request.type());
			this.counters.hits.increment();
			return Mono.just(new CacheLookup<>(value, CacheSource.HIT));
		}
		catch (RuntimeException ex) {
			this.counters.errors.increment();
			logger.warn("Cache '" + name() + "' could not decode " + probe.key() + "; loading it again", ex);
			return miss(request, tenant, context, probe, retry);
		}
	}

	private boolean refreshEarly(CacheEntry entry) {
		double beta = this.options.earlyRefreshBeta();
		if (beta == 0) {
			return false;
		}
		double gap = -entry.loadMillis() * beta * Math.log(ThreadLocalRandom.current().nextDouble());
		return System.currentTimeMillis() + gap >= entry.expiresAtMillis();
	}

	/**
	 * Loads through the key's flight. The lookup runs once more when the flight's value may predate a write
	 * acknowledged while this caller waited, perhaps by another process: when its store was not confirmed (the
	 * fence refused it, the load outlived the fence window, Redis failed) or when it is older than the
	 * version this caller saw in Redis (a tombstone).
	 */
	private <T> Mono<CacheLookup<T>> miss(CacheRequest<T> request, String tenant, ContextView context, Probe probe,
			boolean retry) {
		this.counters.misses.increment();
		return flight(request, tenant, context, probe, probe.started()).flatMap(loaded -> {
			if (!retry && (!loaded.stored() || olderThan(request, loaded, probe.floor()))) {
				return cached(request, tenant, context, true);
			}
			return Mono.just(new CacheLookup<>(loaded.value(request), CacheSource.MISS));
		});
	}

	/**
	 * Reads the source without Redis. Bypassing reads do not share loads: with Redis away, another process's
	 * acknowledged write is invisible here, and a shared load that began before it would hand later readers
	 * an older row.
	 */
	private <T> Mono<CacheLookup<T>> bypass(CacheRequest<T> request, String tenant, ContextView context) {
		this.counters.bypasses.increment();
		return loadAndStore(request, tenant, null).map(loaded -> new CacheLookup<>(loaded.value(request), CacheSource.BYPASS));
	}

	/**
	 * Joins the load of this tenant's key in progress in this process, or starts it. The load runs in the
	 * first caller's context (its tenant binding, its transaction) and is kept running when callers cancel.
	 * A load that completed after this caller started (its Redis read raced the load's store) and was stored
	 * is reused too: its value is no older than the caller's start. Invalidations remove flights, so nobody
	 * joins a load that began before a write's acknowledgement.
	 */
	private Mono<Loaded> flight(CacheRequest<?> request, String tenant, ContextView context, @Nullable Probe probe,
			long started) {
		String flightKey = tenant + '\u0000' + request.key();
		while (true) {
			Flight existing = this.flights.get(flightKey);
			if (existing != null && existing.joinableBy(started)) {
				return existing.result;
			}
			Flight created = new Flight();
			created.result = Mono.defer(() -> loadAndStore(request, tenant, probe))
				.contextWrite(context)
				.doOnNext(created::completed)
				.doOnError(ex -> created.completed(Loaded.FAILED))
				.doOnCancel(() -> this.flights.remove(flightKey, created))
				.cache();
			boolean won = (existing != null) ? this.flights.replace(flightKey, existing, created)
					: this.flights.putIfAbsent(flightKey, created) == null;
			if (won) {
				sweep();
				return created.result;
			}
		}
	}

	/**
	 * Drops completed flights once the map grows, so keys read once do not accumulate.
	 */
	private void sweep() {
		int limit = this.sweepAt.get();
		if (this.flights.size() < limit || !this.sweepAt.compareAndSet(limit, Integer.MAX_VALUE)) {
			return;
		}
		this.flights.values().removeIf(Flight::isDone);
		this.sweepAt.set(Math.max(1024, this.flights.size() * 2));
	}

	private Mono<Loaded> loadAndStore(CacheRequest<?> request, String tenant, @Nullable Probe probe) {
		long startedMillis = System.currentTimeMillis();
		long startedNanos = System.nanoTime();
		return request.loader().get()
			.map(value -> new Loaded(value))
			.defaultIfEmpty(Loaded.EMPTY)
			.doOnError(ex -> {
				this.counters.loads.increment();
				this.counters.loadFailures.increment();
				this.counters.loadNanos.add(System.nanoTime() - startedNanos);
			})
			.flatMap(loaded -> {
				long nanos = System.nanoTime() - startedNanos;
				this.counters.loads.increment();
				this.counters.loadNanos.add(nanos);
				if (probe == null || !this.breaker.isClosed()) {
					return Mono.just(loaded);
				}
				return store(request, tenant, probe, loaded, startedMillis, nanos)
					.map(stored -> stored ? loaded.asStored() : loaded)
					.defaultIfEmpty(loaded);
			});
	}

	@SuppressWarnings("unchecked")
	/**
	 * Stores the loaded value; emits {@code true} when stored, {@code false} when the fence refused it, and
	 * nothing when Redis failed or the value could not be encoded.
	 */
	private Mono<Boolean> store(CacheRequest<?> request, String tenant, Probe probe, Loaded loaded, long startedMillis,
			long nanos) {
		long loadMillis = Math.max(1, nanos / 1_000_000);
		long deadline = startedMillis + this.options.fenceWindow().toMillis();
		char kind;
		long version;
		long ttl;
		byte[] payload;
		Object value = loaded.value();
		try {
			if (value == null) {
				kind = CacheEntry.NOT_FOUND;
				version = 0;
				ttl = this.options.negativeTtl().toMillis();
				payload = NO_PAYLOAD;
			}
			else {
				kind = CacheEntry.VALUE;
				ToLongFunction<Object> versionOf = (ToLongFunction<Object>) request.version();
				version = (versionOf != null) ? versionOf.applyAsLong(value) : 0;
				ttl = jittered((request.ttl() != null) ? request.ttl().toMillis() : this.options.ttl().toMillis());
				payload = this.options.codec().encode(value);
			}
		}
		catch (RuntimeException ex) {
			this.counters.errors.increment();
			logger.warn("Cache '" + name() + "' could not encode the value of " + probe.key() + "; not storing it", ex);
			return Mono.empty();
		}
		byte[] entry = CacheEntry.encode(kind, version, System.currentTimeMillis() + ttl, loadMillis, payload);
		long tagTtl = Math.round(ttl * (1 + this.options.ttlJitter())) + 1000;
		return this.store.fencedSet(probe.key(), kind, version, ttl, deadline, entry).flatMap(result -> {
			this.breaker.onSuccess();
			if (result != 1) {
				this.counters.rejectedPuts.increment();
				if (logger.isDebugEnabled()) {
					logger.debug("Cache '" + name() + "' did not store " + probe.key() + " version " + version
							+ ((result == 0) ? ": a newer version or tombstone is cached" : ": the load outlived the fence window"));
				}
				return Mono.just(false);
			}
			this.counters.puts.increment();
			return Flux.fromIterable(request.tags())
				.concatMap(tag -> this.store.tag(this.store.tagKey(probe.generation(), tenant, tag), probe.key(), tagTtl))
				.then(Mono.just(true));
		}).onErrorResume(ex -> {
			failure(ex);
			return Mono.empty();
		});
	}

	@SuppressWarnings("unchecked")
	private static boolean olderThan(CacheRequest<?> request, Loaded loaded, long floor) {
		ToLongFunction<Object> versionOf = (ToLongFunction<Object>) request.version();
		if (floor < 0 || versionOf == null) {
			return false;
		}
		Object value = loaded.value();
		return (value != null) ? versionOf.applyAsLong(value) < floor : floor != ReactiveCache.DELETED;
	}

	private long jittered(long ttlMillis) {
		double jitter = this.options.ttlJitter();
		if (jitter == 0) {
			return ttlMillis;
		}
		double factor = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * jitter;
		return Math.max(1, Math.round(ttlMillis * factor));
	}

	@Override
	public Mono<Void> invalidate(String key, long version) {
		Objects.requireNonNull(key, "key must not be null");
		return submit(Invalidation.Kind.TOMBSTONE, key, version);
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
		return tenant().flatMap(tenant -> Mono.defer(() -> {
			if (kind == Invalidation.Kind.TOMBSTONE || kind == Invalidation.Kind.DELETE) {
				// Later reads of the key must not join a load that may predate the write.
				this.flights.remove(tenant + '\u0000' + target);
			}
			else {
				this.flights.clear();
			}
			return deliver(new Invalidation(kind, tenant, target, version));
		}));
	}

	/**
	 * Sends an invalidation once; when Redis does not acknowledge it (an error, or no answer within the command
	 * timeout) the circuit opens at once and the invalidation is queued, so reads stop using Redis until it has
	 * been replayed. A write waits at most one command timeout for its invalidation, however long Redis is away.
	 */
	private Mono<Void> deliver(Invalidation invalidation) {
		CircuitBreaker.Permit permit = this.breaker.acquire();
		if (permit == CircuitBreaker.Permit.PROBE) {
			return recover().then(Mono.defer(() -> deliver(invalidation)));
		}
		if (enqueueUnlessClosed(invalidation)) {
			return Mono.empty();
		}
		return execute(invalidation).doOnSuccess(done -> this.breaker.onSuccess()).onErrorResume(ex -> {
			failure(ex);
			this.breaker.open(ex);
			return deliver(invalidation);
		});
	}

	private boolean enqueueUnlessClosed(Invalidation invalidation) {
		synchronized (this.queueLock) {
			if (this.breaker.isClosed()) {
				return false;
			}
			if (this.overflowed) {
				return true;
			}
			if (this.queue.size() >= this.options.invalidationQueueCapacity()) {
				logger.warn("Cache '" + name() + "' queued more than " + this.options.invalidationQueueCapacity()
						+ " invalidations while Redis was away; the namespace generation will be bumped instead");
				this.queue.clear();
				this.overflowed = true;
				return true;
			}
			this.queue.add(invalidation);
			return true;
		}
	}

	private Mono<Void> execute(Invalidation invalidation) {
		if (invalidation.kind() == Invalidation.Kind.CLEAR) {
			return this.store.bumpGeneration().doOnNext(generation -> {
				this.generation = newGeneration();
				this.flights.clear();
				this.counters.evictions.increment();
			}).then();
		}
		return this.generation.flatMap(generation -> switch (invalidation.kind()) {
			case TOMBSTONE -> this.store
				.fencedSet(this.store.entryKey(generation, invalidation.tenant(), invalidation.target()),
						CacheEntry.TOMBSTONE, invalidation.version(), this.options.tombstoneTtl().toMillis(), 0,
						CacheEntry.encode(CacheEntry.TOMBSTONE, invalidation.version(), 0, 0, NO_PAYLOAD))
				.map(stored -> 1L);
			case DELETE -> this.store
				.unlink(List.of(this.store.entryKey(generation, invalidation.tenant(), invalidation.target())));
			case TAG -> this.store.unlinkTag(this.store.tagKey(generation, invalidation.tenant(), invalidation.target()));
			case PATTERN -> this.store
				.unlinkPattern(this.store.entryPattern(generation, invalidation.tenant(), invalidation.target()));
			case CLEAR -> Mono.just(0L);
		}).doOnNext(this.counters.evictions::add).then();
	}

	/**
	 * Runs in the one caller that got the probe permit: pings Redis, replays the queued invalidations (or
	 * bumps the generation when the queue overflowed), re-reads the generation, then closes the circuit.
	 * Emits {@code false} and re-opens the circuit when any step fails.
	 */
	private Mono<Boolean> recover() {
		return this.store.ping().then(drain()).thenReturn(true).onErrorResume(ex -> {
			this.counters.errors.increment();
			this.breaker.open(ex);
			return Mono.just(false);
		});
	}

	private Mono<Void> drain() {
		return Mono.defer(() -> {
			List<Invalidation> batch;
			boolean bump;
			synchronized (this.queueLock) {
				if (this.queue.isEmpty() && !this.overflowed) {
					this.generation = newGeneration();
					this.breaker.close();
					return Mono.empty();
				}
				batch = new ArrayList<>(this.queue);
				this.queue.clear();
				bump = this.overflowed;
				this.overflowed = false;
			}
			logger.info("Cache '" + name() + "' replaying " + (bump ? "a namespace bump" : batch.size() + " invalidations")
					+ " missed while Redis was away");
			Mono<Void> work = bump ? execute(new Invalidation(Invalidation.Kind.CLEAR, CacheStore.NO_TENANT, "", 0))
					: Flux.fromIterable(batch).flatMap(this::execute, 32).then();
			return work.onErrorResume(ex -> {
				synchronized (this.queueLock) {
					if (bump || this.queue.size() + batch.size() > this.options.invalidationQueueCapacity()) {
						this.queue.clear();
						this.overflowed = true;
					}
					else {
						this.queue.addAll(batch);
					}
				}
				return Mono.error(ex);
			}).then(drain());
		});
	}

	private void failure(Throwable error) {
		this.counters.errors.increment();
		this.breaker.onFailure(error);
		if (logger.isDebugEnabled()) {
			logger.debug("Cache '" + name() + "' Redis command failed; failing open", error);
		}
	}

	private Mono<Long> newGeneration() {
		return this.store.generation()
			.cache(generation -> this.options.generationRefresh(), error -> java.time.Duration.ZERO,
					() -> this.options.generationRefresh());
	}

	private static Mono<String> tenant() {
		return TenantContext.current().map(UUID::toString).defaultIfEmpty(CacheStore.NO_TENANT);
	}

	@Override
	public CacheStatistics statistics() {
		int queued;
		synchronized (this.queueLock) {
			queued = this.queue.size();
		}
		CacheCounters c = this.counters;
		return new CacheStatistics(name(), c.hits.sum(), c.misses.sum(), c.bypasses.sum(), c.puts.sum(),
				c.rejectedPuts.sum(), c.evictions.sum(), c.loads.sum(), c.loadFailures.sum(), c.loadNanos.sum(),
				c.earlyRefreshes.sum(), c.errors.sum(), queued, this.breaker.state());
	}

	CircuitState circuitState() {
		return this.breaker.state();
	}

	/**
	 * The result of the Redis read of one lookup, started at {@code started} ({@link System#nanoTime()}).
	 */
	private record Probe(long generation, String key, byte @Nullable [] raw, long started, long floor) {

		static final Probe UNAVAILABLE = new Probe(-1, "", null, 0, -1);

		Probe(long generation, String key, byte @Nullable [] raw, long started) {
			this(generation, key, raw, started, -1);
		}

		Probe withFloor(long floor) {
			return new Probe(this.generation, this.key, this.raw, this.started, floor);
		}

	}

	/**
	 * One load of one key in this process, shared by every caller that joins it.
	 */
	private static final class Flight {

		@SuppressWarnings("NullAway.Init")
		Mono<Loaded> result;

		private volatile long completedAt;

		private volatile boolean reusable;

		void completed(Loaded loaded) {
			this.reusable = loaded.stored();
			this.completedAt = System.nanoTime();
		}

		boolean isDone() {
			return this.completedAt != 0;
		}

		boolean joinableBy(long started) {
			long done = this.completedAt;
			return done == 0 || (this.reusable && done - started >= 0);
		}

	}

	/**
	 * The result of one load: the value, or {@code null} when the source has none.
	 */
	private record Loaded(@Nullable Object value, boolean stored) {

		static final Loaded EMPTY = new Loaded(null, false);

		static final Loaded FAILED = new Loaded(null, false);

		Loaded(Object value) {
			this(value, false);
		}

		Loaded asStored() {
			return new Loaded(this.value, true);
		}

		@SuppressWarnings("unchecked")
		<T> @Nullable T value(CacheRequest<T> request) {
			return (T) this.value;
		}

	}

}
