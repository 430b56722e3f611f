package dev.reactivedata.cache.aside;

import java.util.function.Supplier;

import dev.reactivedata.cache.redis.SharedRedisConnection;
import reactor.core.publisher.Mono;

/**
 * A cache-aside namespace in Redis. Every key is scoped by the cache's prefix and name, its namespace
 * generation, and the tenant in the subscriber's Reactor Context (see
 * {@link dev.reactivedata.core.tenant.TenantContext}), so tenants never see each other's entries.
 *
 * <p>Reads fail open: when Redis fails or times out, or the circuit breaker is open, the loader runs and its
 * answer is returned without touching Redis. Concurrent misses on one key within this process share one
 * load. Invalidations complete only when Redis acknowledged them or, with the circuit open, when they are
 * queued; queued invalidations are replayed (or the namespace generation is bumped) before reads use Redis
 * again. All methods are cold: nothing happens until subscription.
 */
public interface ReactiveCache {

	/**
	 * Creates a cache on a shared connection.
	 * @param connection the Redis connection
	 * @param options the cache's options
	 * @return the cache
	 */
	static ReactiveCache create(SharedRedisConnection connection, CacheOptions options) {
		return new DefaultReactiveCache(connection, options);
	}

	/**
	 * Returns the cache's name (its namespace).
	 * @return the name
	 */
	String name();

	/**
	 * Emits the cached value of {@code key}, or loads it with {@code loader} on a miss and stores it with the
	 * cache's TTL plus jitter; a loader that completes empty is cached as "not found" for the negative TTL.
	 * @param key the key inside this cache
	 * @param type the value type
	 * @param loader supplies the source read
	 * @param <T> the value type
	 * @return the value; empty when the source has none; the loader's error when it fails (Redis errors are
	 * never emitted)
	 */
	default <T> Mono<T> getOrLoad(String key, Class<T> type, Supplier<? extends Mono<? extends T>> loader) {
		return getOrLoad(CacheRequest.of(key, type, loader));
	}

	/**
	 * Like {@link #getOrLoad(String, Class, Supplier)}, for a request with version, tags or TTL.
	 * @param request the request
	 * @param <T> the value type
	 * @return the value; empty when the source has none; the loader's error when it fails
	 */
	default <T> Mono<T> getOrLoad(CacheRequest<T> request) {
		return lookup(request).mapNotNull(CacheLookup::value);
	}

	/**
	 * Like {@link #getOrLoad(CacheRequest)}, and also tells where the answer came from.
	 * @param request the request
	 * @param <T> the value type
	 * @return one lookup (with a {@code null} value when the source has none); the loader's error when it fails
	 */
	<T> Mono<CacheLookup<T>> lookup(CacheRequest<T> request);

	/**
	 * Records that a write of {@code key} committed with {@code version}: writes a short-lived tombstone so no
	 * reader that loaded an older version can store it afterwards, and makes this process's later reads of the
	 * key start a new load. Use {@link #DELETED} for a deleted row.
	 * @param key the key inside this cache
	 * @param version the committed version
	 * @return completes when Redis acknowledged the tombstone or, with the circuit open, when it is queued
	 */
	Mono<Void> invalidate(String key, long version);

	/**
	 * Removes {@code key}.
	 * @param key the key inside this cache
	 * @return completes when Redis acknowledged the removal or, with the circuit open, when it is queued
	 */
	Mono<Void> evict(String key);

	/**
	 * Removes every key stored with {@code tag} (for the tenant in context).
	 * @param tag the tag
	 * @return completes when Redis acknowledged the removal or, with the circuit open, when it is queued
	 */
	Mono<Void> evictTag(String tag);

	/**
	 * Removes every key of this cache (for the tenant in context) that matches a glob pattern, with
	 * {@code SCAN} (never {@code KEYS}) on every master.
	 * @param pattern a Redis glob inside this cache's keys, such as {@code "article:*"}
	 * @return completes when every match was removed or, with the circuit open, when the eviction is queued
	 */
	Mono<Void> evictPattern(String pattern);

	/**
	 * Makes every entry of this cache (all tenants) unreachable by bumping the namespace generation.
	 * @return completes when Redis acknowledged the new generation or, with the circuit open, when the bump
	 * is queued
	 */
	Mono<Void> clear();

	/**
	 * Returns a snapshot of this cache's counters and circuit state.
	 * @return the statistics
	 */
	CacheStatistics statistics();

	/** The version to pass to {@link #invalidate(String, long)} for a deleted row: newer than any version. */
	long DELETED = (1L << 53) - 1;

}
