package dev.reactivedata.cache.declarative;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.reactivedata.cache.aside.CacheCodec;
import dev.reactivedata.cache.aside.ReactiveCaches;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * Spring's {@link CacheManager} over the application's {@link ReactiveCaches}: {@code @Cacheable},
 * {@code @CachePut} and {@code @CacheEvict} on methods returning {@code Mono} or {@code Flux} use the Redis
 * cache of the same name, with its options ({@code reactivedata.cache.caches.<name>.*} under Spring Boot), its
 * meters and its failure handling. Values are stored as JSON that carries its type. Each cache is created on first
 * use.
 *
 * <p>What Spring's cache abstraction cannot know: it calls the cache when the annotated method is invoked, outside
 * the subscriber's Reactor Context. So a cache key must name the tenant itself (for example
 * {@code key = "#tenant"}), and with {@code sync = true} the method's publisher is subscribed outside the caller's
 * Context: a method that needs it must take it as an argument and apply it ({@code contextWrite}). Evictions are
 * sent when Spring calls them, when the annotated method's publisher completed: after the commit only when the
 * method's publisher completes after its transaction.
 */
public final class ReactiveDataCacheManager implements CacheManager {

	private final ReactiveCaches caches;

	private final CacheCodec codec;

	private final Map<String, ReactiveDataCache> created = new ConcurrentHashMap<>();

	/**
	 * Creates the cache manager with a default JSON mapper.
	 * @param caches the application's caches
	 */
	public ReactiveDataCacheManager(ReactiveCaches caches) {
		this(caches, JsonMapper.builder().build());
	}

	/**
	 * Creates the cache manager.
	 * @param caches the application's caches
	 * @param mapper the JSON mapper of cached values
	 */
	public ReactiveDataCacheManager(ReactiveCaches caches, JsonMapper mapper) {
		this.caches = Objects.requireNonNull(caches, "caches must not be null");
		this.codec = new TypedJsonCacheCodec(Objects.requireNonNull(mapper, "mapper must not be null"),
				ReactiveDataCacheManager.class.getClassLoader());
	}

	/**
	 * Returns the cache of this name, creating it on first use.
	 * @param name the cache name
	 * @return the cache, never {@code null}
	 */
	@Override
	public Cache getCache(String name) {
		Objects.requireNonNull(name, "name must not be null");
		return this.created.computeIfAbsent(name,
				key -> new ReactiveDataCache(this.caches.cache(key, options -> options.codec(this.codec))));
	}

	/**
	 * Returns the names of the caches created so far.
	 * @return the names
	 */
	@Override
	public Collection<String> getCacheNames() {
		return List.copyOf(this.created.keySet());
	}

}
