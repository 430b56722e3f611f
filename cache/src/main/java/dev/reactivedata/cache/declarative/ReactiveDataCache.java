package dev.reactivedata.cache.declarative;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.reactivedata.cache.aside.ReactiveCache;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * A Spring {@link Cache} over a {@link ReactiveCache}, for methods that return {@code Mono} or {@code Flux}: only
 * the {@link CompletableFuture}-based retrieval is supported, the blocking {@code get} methods throw
 * {@link UnsupportedOperationException}. {@code retrieve(key, loader)} ({@code @Cacheable(sync = true)}) is the
 * cache's single-flight {@code getOrLoad} with its fencing; {@code retrieve(key)} reads without loading;
 * {@code put}, {@code evict} and {@code clear} are sent at once and complete asynchronously, as Spring's contract
 * for reactive caches allows. A {@code null} value is cached as "not found" for the negative TTL and read back as a
 * {@code ValueWrapper} holding {@code null}.
 */
final class ReactiveDataCache implements Cache {

	private static final Log logger = LogFactory.getLog(ReactiveDataCache.class);

	private final ReactiveCache cache;

	ReactiveDataCache(ReactiveCache cache) {
		this.cache = cache;
	}

	@Override
	public String getName() {
		return this.cache.name();
	}

	@Override
	public ReactiveCache getNativeCache() {
		return this.cache;
	}

	@Override
	public @Nullable ValueWrapper get(Object key) {
		throw blocking();
	}

	@Override
	public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
		throw blocking();
	}

	@Override
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		throw blocking();
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		throw blocking();
	}

	@Override
	public CompletableFuture<?> retrieve(Object key) {
		return this.cache.find(key(key), Object.class)
			.<Object>map(lookup -> (lookup.value() != null) ? lookup.value() : new SimpleValueWrapper(null))
			.toFuture();
	}

	@Override
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		Objects.requireNonNull(valueLoader, "valueLoader must not be null");
		return this.cache.getOrLoad(key(key), Object.class, () -> Mono.fromFuture(valueLoader))
			.map(value -> this.<T>cast(value))
			.toFuture();
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		send("put", key, write(key, value));
	}

	@Override
	public void evict(Object key) {
		send("evict", key, remove(key));
	}

	@Override
	public void clear() {
		send("clear", "*", this.cache.clear());
	}

	/** What {@link #put} sends: completes when Redis answered. */
	Mono<Void> write(Object key, @Nullable Object value) {
		return this.cache.put(key(key), value);
	}

	/** What {@link #evict} sends: completes when Redis acknowledged it, or it is queued. */
	Mono<Void> remove(Object key) {
		return this.cache.evict(key(key));
	}

	@SuppressWarnings("unchecked")
	private <T> T cast(Object value) {
		return (T) value;
	}

	/**
	 * Spring's {@code put}, {@code evict} and {@code clear} return nothing: the command is sent at once, and the
	 * cache's own handling (a queue while Redis is away) applies. Its publisher never fails; should it, the failure
	 * is logged.
	 */
	private void send(String operation, Object key, Mono<Void> command) {
		command.subscribe(null,
				error -> logger.warn("Cache '" + getName() + "' could not " + operation + " " + key, error));
	}

	private static String key(Object key) {
		return String.valueOf(Objects.requireNonNull(key, "key must not be null"));
	}

	private UnsupportedOperationException blocking() {
		return new UnsupportedOperationException("Cache '" + getName()
				+ "' is reactive: cache methods that return Mono or Flux (Spring retrieves through retrieve(..))");
	}

}
