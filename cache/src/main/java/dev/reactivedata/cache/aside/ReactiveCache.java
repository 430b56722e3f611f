package dev.reactivedata.cache.aside;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.reactivedata.cache.redis.SharedRedisConnection;
import org.jspecify.annotations.Nullable;
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
	 * Like {@link #lookup(CacheRequest)}, answering a view of the value rather than the value: a hit decodes the
	 * entry's bytes as {@code view} with the cache's codec, without building the value (for example, the bytes of
	 * a JSON response when the codec encodes values as that JSON); a miss or a bypass loads, stores and fences the
	 * value exactly as {@code lookup} does and answers {@code mapper}'s view of it. The codec must read the
	 * encoding of a {@code T} as a {@code V}, and {@code mapper} must give the view it reads.
	 * @param request the request
	 * @param view the type a hit is decoded as
	 * @param mapper turns a loaded value into its view; never returns {@code null}
	 * @param <T> the value type
	 * @param <V> the view type
	 * @return one lookup (with a {@code null} value when the source has none); the loader's error when it fails
	 */
	<T, V> Mono<CacheLookup<V>> lookup(CacheRequest<T> request, Class<V> view, Function<? super T, ? extends V> mapper);

	/**
	 * Emits what Redis holds for {@code key} without loading anything: a hit with the value, or with a
	 * {@code null} value for a cached "not found".
	 * @param key the key inside this cache
	 * @param type the value type
	 * @param <T> the value type
	 * @return one lookup on a hit; empty on a miss, a tombstone, an undecodable entry, or with Redis unavailable
	 * (never an error)
	 */
	<T> Mono<CacheLookup<T>> find(String key, Class<T> type);

	/**
	 * Stores {@code value} under {@code key} (unversioned, with the cache's TTL), replacing an unversioned entry
	 * but never a tombstone or a newer version; a {@code null} value stores "not found" for the negative TTL.
	 * @param key the key inside this cache
	 * @param value the value, or {@code null}
	 * @return completes when Redis answered (stored or fenced), or at once with Redis unavailable (never an error)
	 */
	Mono<Void> put(String key, @Nullable Object value);

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
	 * Like {@link #invalidate(String, long)} for many keys at once: the tombstones are sent back to back on one
	 * connection (pipelined), so a bulk write waits about one round trip for them.
	 * @param versions each key inside this cache and its committed version
	 * @return completes when Redis acknowledged every tombstone or, with the circuit open, when they are queued
	 */
	Mono<Void> invalidateAll(Map<String, Long> versions);

	/**
	 * Removes many keys at once, sent back to back on one connection (pipelined).
	 * @param keys the keys inside this cache
	 * @return completes when Redis acknowledged every removal or, with the circuit open, when they are queued
	 */
	Mono<Void> evictAll(Collection<String> keys);

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
