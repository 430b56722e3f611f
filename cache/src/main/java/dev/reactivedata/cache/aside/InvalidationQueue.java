package dev.reactivedata.cache.aside;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The invalidation side of a {@link DefaultReactiveCache}: sends invalidations to Redis, queues them while the
 * circuit is open, and replays them (or bumps the namespace generation when the queue overflowed) before the
 * circuit closes again. It owns the namespace generation the read path builds its keys with.
 */
final class InvalidationQueue {

	private static final Log logger = LogFactory.getLog(InvalidationQueue.class);

	private final CacheOptions options;

	private final CacheStore store;

	private final CircuitBreaker breaker;

	private final CacheCounters counters;

	private final Flights flights;

	private final Object lock = new Object();

	private final ArrayDeque<Invalidation> queue = new ArrayDeque<>();

	private boolean overflowed;

	private volatile Mono<Long> generation;

	InvalidationQueue(CacheOptions options, CacheStore store, CircuitBreaker breaker, CacheCounters counters,
			Flights flights) {
		this.options = options;
		this.store = store;
		this.breaker = breaker;
		this.counters = counters;
		this.flights = flights;
		this.generation = newGeneration();
	}

	/**
	 * Emits the current namespace generation (cached for the generation refresh interval).
	 */
	Mono<Long> generation() {
		return this.generation;
	}

	/**
	 * Returns the number of invalidations waiting for Redis to come back.
	 */
	int size() {
		synchronized (this.lock) {
			return this.queue.size();
		}
	}

	/**
	 * Forgets this process's loads that the invalidations may make stale, then delivers them together.
	 */
	Mono<Void> submit(List<Invalidation> batch) {
		return Mono.defer(() -> {
			for (Invalidation invalidation : batch) {
				if (invalidation.kind() == Invalidation.Kind.TOMBSTONE || invalidation.kind() == Invalidation.Kind.DELETE) {
					// Later reads of the key must not join a load that may predate the write.
					this.flights.forget(invalidation.tenant(), invalidation.target());
				}
				else {
					this.flights.clear();
				}
			}
			return deliver(batch);
		});
	}

	/**
	 * Sends a batch of invalidations once, back to back on the shared connection (pipelined, so a batch costs
	 * about one round trip); when Redis does not acknowledge them all (an error, or no answer within the command
	 * timeout) the circuit opens at once and the batch is queued, so reads stop using Redis until it has been
	 * replayed. A write waits at most one command timeout for its invalidations, however long Redis is away.
	 */
	private Mono<Void> deliver(List<Invalidation> batch) {
		if (batch.isEmpty()) {
			return Mono.empty();
		}
		CircuitBreaker.Permit permit = this.breaker.acquire();
		if (permit == CircuitBreaker.Permit.PROBE) {
			return recover().then(Mono.defer(() -> deliver(batch)));
		}
		if (enqueueUnlessClosed(batch)) {
			return Mono.empty();
		}
		return Flux.fromIterable(batch)
			.flatMap(this::execute, batch.size())
			.then()
			.doOnSuccess(done -> this.breaker.onSuccess())
			.onErrorResume(ex -> {
				this.counters.errors.increment();
				this.breaker.open(ex);
				return deliver(batch);
			});
	}

	private boolean enqueueUnlessClosed(List<Invalidation> batch) {
		synchronized (this.lock) {
			if (this.breaker.isClosed()) {
				return false;
			}
			if (this.overflowed) {
				return true;
			}
			if (this.queue.size() + batch.size() > this.options.invalidationQueueCapacity()) {
				logger.warn("Cache '" + this.options.name() + "' queued more than "
						+ this.options.invalidationQueueCapacity()
						+ " invalidations while Redis was away; the namespace generation will be bumped instead");
				this.queue.clear();
				this.overflowed = true;
				return true;
			}
			this.queue.addAll(batch);
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
						CacheEntry.encode(CacheEntry.TOMBSTONE, invalidation.version(), 0, 0, CacheEntry.NO_PAYLOAD))
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
	Mono<Boolean> recover() {
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
			synchronized (this.lock) {
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
			logger.info("Cache '" + this.options.name() + "' replaying "
					+ (bump ? "a namespace bump" : batch.size() + " invalidations") + " missed while Redis was away");
			Mono<Void> work = bump ? execute(new Invalidation(Invalidation.Kind.CLEAR, CacheStore.NO_TENANT, "", 0))
					: Flux.fromIterable(batch).flatMap(this::execute, 32).then();
			return work.onErrorResume(ex -> {
				requeue(batch, bump);
				return Mono.error(ex);
			}).then(drain());
		});
	}

	private void requeue(List<Invalidation> batch, boolean bump) {
		synchronized (this.lock) {
			if (bump || this.queue.size() + batch.size() > this.options.invalidationQueueCapacity()) {
				this.queue.clear();
				this.overflowed = true;
			}
			else {
				this.queue.addAll(batch);
			}
		}
	}

	private Mono<Long> newGeneration() {
		return this.store.generation()
			.cache(generation -> this.options.generationRefresh(), error -> Duration.ZERO,
					() -> this.options.generationRefresh());
	}

}
