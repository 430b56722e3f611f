package dev.reactivedata.cache.aside;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToLongFunction;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The store side of a {@link DefaultReactiveCache}: encodes a loaded value (or "not found") with its TTL and
 * jitter, writes it through the fencing script, and tags it.
 */
final class EntryWrites {

	private static final Log logger = LogFactory.getLog(EntryWrites.class);

	private final CacheOptions options;

	private final CacheStore store;

	private final CircuitBreaker breaker;

	private final CacheCounters counters;

	EntryWrites(CacheOptions options, CacheStore store, CircuitBreaker breaker, CacheCounters counters) {
		this.options = options;
		this.store = store;
		this.breaker = breaker;
		this.counters = counters;
	}

	/**
	 * Stores the loaded value; emits {@code true} when stored, {@code false} when the fence refused it, and
	 * nothing when Redis failed or the value could not be encoded.
	 */
	@SuppressWarnings("unchecked")
	Mono<Boolean> store(CacheRequest<?> request, String tenant, Probe probe, Loaded loaded, long startedMillis,
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
				payload = CacheEntry.NO_PAYLOAD;
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
			logger.warn("Cache '" + this.options.name() + "' could not encode the value of " + probe.key() + "; not storing it", ex);
			return Mono.empty();
		}
		byte[] entry = CacheEntry.encode(kind, version, System.currentTimeMillis() + ttl, loadMillis, payload);
		long tagTtl = Math.round(ttl * (1 + this.options.ttlJitter())) + 1000;
		return this.store.fencedSet(probe.key(), kind, version, ttl, deadline, entry).flatMap(result -> {
			this.breaker.onSuccess();
			if (result != 1) {
				this.counters.rejectedPuts.increment();
				if (logger.isDebugEnabled()) {
					logger.debug("Cache '" + this.options.name() + "' did not store " + probe.key() + " version " + version
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

	private long jittered(long ttlMillis) {
		double jitter = this.options.ttlJitter();
		if (jitter == 0) {
			return ttlMillis;
		}
		double factor = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * jitter;
		return Math.max(1, Math.round(ttlMillis * factor));
	}

	private void failure(Throwable error) {
		this.counters.errors.increment();
		this.breaker.onFailure(error);
		if (logger.isDebugEnabled()) {
			logger.debug("Cache '" + this.options.name() + "' Redis command failed; failing open", error);
		}
	}

}
