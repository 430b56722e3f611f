package dev.reactivedata.cache.aside;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One cached read: the key, the value type, the loader that reads the source on a miss, and optionally the
 * value's version (for the version fence), tags and a TTL. Immutable; the {@code with*} methods return copies.
 *
 * @param <T> the value type
 */
public final class CacheRequest<T> {

	private final String key;

	private final Class<T> type;

	private final Supplier<? extends Mono<? extends T>> loader;

	private final @Nullable ToLongFunction<? super T> version;

	private final List<String> tags;

	private final @Nullable Duration ttl;

	private CacheRequest(String key, Class<T> type, Supplier<? extends Mono<? extends T>> loader,
			@Nullable ToLongFunction<? super T> version, List<String> tags, @Nullable Duration ttl) {
		this.key = key;
		this.type = type;
		this.loader = loader;
		this.version = version;
		this.tags = tags;
		this.ttl = ttl;
	}

	/**
	 * Creates a request without version, tags or TTL of its own.
	 * @param key the key inside the cache's namespace (the tenant and namespace are added by the cache)
	 * @param type the value type
	 * @param loader supplies the source read, subscribed on a miss; may complete empty ("not found")
	 * @param <T> the value type
	 * @return the request
	 */
	public static <T> CacheRequest<T> of(String key, Class<T> type, Supplier<? extends Mono<? extends T>> loader) {
		Objects.requireNonNull(key, "key must not be null");
		Objects.requireNonNull(type, "type must not be null");
		Objects.requireNonNull(loader, "loader must not be null");
		if (key.isEmpty()) {
			throw new IllegalArgumentException("key must not be empty");
		}
		return new CacheRequest<>(key, type, loader, null, List.of(), null);
	}

	/**
	 * Returns a copy whose stored value is fenced by version: it never replaces a newer cached version or a
	 * tombstone of a newer committed write (see {@link ReactiveCache#invalidate(String, long)}).
	 * @param version reads the value's version, such as its {@code @Version} property
	 * @return the copy
	 */
	public CacheRequest<T> withVersion(ToLongFunction<? super T> version) {
		return new CacheRequest<>(this.key, this.type, this.loader, Objects.requireNonNull(version, "version must not be null"),
				this.tags, this.ttl);
	}

	/**
	 * Returns a copy whose stored value joins the given tags, for {@link ReactiveCache#evictTag(String)}.
	 * @param tags the tags
	 * @return the copy
	 */
	public CacheRequest<T> withTags(String... tags) {
		return new CacheRequest<>(this.key, this.type, this.loader, this.version, List.of(tags), this.ttl);
	}

	/**
	 * Returns a copy stored with the given TTL (jitter still applies) instead of the cache's default.
	 * @param ttl the time to live, positive
	 * @return the copy
	 */
	public CacheRequest<T> withTtl(Duration ttl) {
		Objects.requireNonNull(ttl, "ttl must not be null");
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ttl must be positive");
		}
		return new CacheRequest<>(this.key, this.type, this.loader, this.version, this.tags, ttl);
	}

	String key() {
		return this.key;
	}

	Class<T> type() {
		return this.type;
	}

	Supplier<? extends Mono<? extends T>> loader() {
		return this.loader;
	}

	@Nullable ToLongFunction<? super T> version() {
		return this.version;
	}

	List<String> tags() {
		return this.tags;
	}

	@Nullable Duration ttl() {
		return this.ttl;
	}

}
