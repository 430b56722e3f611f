package dev.reactivedata.cache.aside;

import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Loads a value from the caller's source, counting loads and their time, and stores it behind the fence when the
 * read that missed went to Redis and the circuit is still closed.
 */
final class SourceLoads {

	private final CircuitBreaker breaker;

	private final CacheCounters counters;

	private final EntryWrites writes;

	SourceLoads(CircuitBreaker breaker, CacheCounters counters, EntryWrites writes) {
		this.breaker = breaker;
		this.counters = counters;
		this.writes = writes;
	}

	/**
	 * Emits the loaded value, marked stored when Redis confirmed the store.
	 * @param probe the read that missed, or {@code null} when Redis was bypassed: nothing is stored then
	 */
	Mono<Loaded> loadAndStore(CacheRequest<?> request, String tenant, @Nullable Probe probe) {
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
				return this.writes.store(request, tenant, probe, loaded, startedMillis, nanos)
					.map(stored -> stored ? loaded.asStored() : loaded)
					.defaultIfEmpty(loaded);
			});
	}

	/**
	 * Tells whether a loaded value is older than the version a reader saw in Redis (a tombstone's), so that the
	 * reader must look again rather than return it.
	 */
	@SuppressWarnings("unchecked")
	static boolean olderThan(CacheRequest<?> request, Loaded loaded, long floor) {
		ToLongFunction<Object> versionOf = (ToLongFunction<Object>) request.version();
		if (floor < 0 || versionOf == null) {
			return false;
		}
		Object value = loaded.value();
		return (value != null) ? versionOf.applyAsLong(value) < floor : floor != ReactiveCache.DELETED;
	}

}
