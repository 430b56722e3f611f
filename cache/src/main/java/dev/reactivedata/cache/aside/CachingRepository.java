package dev.reactivedata.cache.aside;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import dev.reactivedata.core.tx.Transactions;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/**
 * Decorates a reactive repository with a {@link ReactiveCache}: {@link #findById(Object)} (through a
 * configurable finder, such as one that skips soft-deleted rows) is cached per tenant, and every write
 * invalidates after its transaction commits. With a version property the invalidation is a tombstone of the
 * committed version, so no reader that loaded an older row can store it afterwards; deletes tombstone with
 * {@link ReactiveCache#DELETED}.
 *
 * <p>A write's publisher completes only when Redis acknowledged the invalidation, or the circuit is open and
 * the invalidation is queued. Inside a transaction that happens as part of the commit: the transactional
 * pipeline completes after it. Reads other than by id pass through uncached.
 *
 * @param <T> the entity type
 * @param <ID> the id type
 */
public final class CachingRepository<T, ID> implements ReactiveCrudRepository<T, ID> {

	private final ReactiveCrudRepository<T, ID> repository;

	private final ReactiveCache cache;

	private final Class<T> type;

	private final Function<? super T, ? extends ID> idOf;

	private final @Nullable ToLongFunction<? super T> versionOf;

	private final Function<? super ID, ? extends Mono<T>> finder;

	private final Function<? super ID, String> keyOf;

	private CachingRepository(Builder<T, ID> builder) {
		this.repository = builder.repository;
		this.cache = builder.cache;
		this.type = builder.type;
		this.idOf = Objects.requireNonNull(builder.idOf, "id must be set");
		this.versionOf = builder.versionOf;
		this.finder = (builder.finder != null) ? builder.finder : builder.repository::findById;
		this.keyOf = builder.keyOf;
	}

	/**
	 * Starts a builder.
	 * @param repository the repository to decorate
	 * @param cache the cache, usually one per entity type
	 * @param type the entity type
	 * @param <T> the entity type
	 * @param <ID> the id type
	 * @return a builder
	 */
	public static <T, ID> Builder<T, ID> builder(ReactiveCrudRepository<T, ID> repository, ReactiveCache cache,
			Class<T> type) {
		return new Builder<>(repository, cache, type);
	}

	/**
	 * Emits the entity of {@code id} through the cache, and where it came from.
	 * @param id the id
	 * @return one lookup, with a {@code null} value when there is no such entity
	 */
	public Mono<CacheLookup<T>> lookupById(ID id) {
		Objects.requireNonNull(id, "id must not be null");
		return this.cache.lookup(request(id));
	}

	/**
	 * Emits the entity of {@code id} through the cache.
	 * @param id the id
	 * @return the entity, or empty
	 */
	@Override
	public Mono<T> findById(ID id) {
		Objects.requireNonNull(id, "id must not be null");
		return this.cache.getOrLoad(request(id));
	}

	@Override
	public Mono<T> findById(Publisher<ID> id) {
		return Mono.from(id).flatMap(this::findById);
	}

	private CacheRequest<T> request(ID id) {
		CacheRequest<T> request = CacheRequest.of(this.keyOf.apply(id), this.type, () -> this.finder.apply(id));
		return (this.versionOf != null) ? request.withVersion(this.versionOf) : request;
	}

	/**
	 * Saves the entity, then (after commit) invalidates its cache entry.
	 * @param entity the entity
	 * @return the saved entity, once the invalidation is acknowledged or queued (or registered for the commit)
	 */
	@Override
	public <S extends T> Mono<S> save(S entity) {
		return this.repository.save(entity).flatMap(saved -> afterCommit(invalidation(saved)).thenReturn(saved));
	}

	@Override
	public <S extends T> Flux<S> saveAll(Iterable<S> entities) {
		return this.repository.saveAll(entities).concatMap(saved -> afterCommit(invalidation(saved)).thenReturn(saved));
	}

	@Override
	public <S extends T> Flux<S> saveAll(Publisher<S> entities) {
		return this.repository.saveAll(entities).concatMap(saved -> afterCommit(invalidation(saved)).thenReturn(saved));
	}

	@Override
	public Mono<Boolean> existsById(ID id) {
		return this.repository.existsById(id);
	}

	@Override
	public Mono<Boolean> existsById(Publisher<ID> id) {
		return this.repository.existsById(id);
	}

	@Override
	public Flux<T> findAll() {
		return this.repository.findAll();
	}

	@Override
	public Flux<T> findAllById(Iterable<ID> ids) {
		return this.repository.findAllById(ids);
	}

	@Override
	public Flux<T> findAllById(Publisher<ID> ids) {
		return this.repository.findAllById(ids);
	}

	@Override
	public Mono<Long> count() {
		return this.repository.count();
	}

	@Override
	public Mono<Void> deleteById(ID id) {
		return this.repository.deleteById(id).then(afterCommit(deleted(id)));
	}

	@Override
	public Mono<Void> deleteById(Publisher<ID> id) {
		return Mono.from(id).flatMap(this::deleteById);
	}

	@Override
	public Mono<Void> delete(T entity) {
		return this.repository.delete(entity).then(afterCommit(deleted(this.idOf.apply(entity))));
	}

	@Override
	public Mono<Void> deleteAllById(Iterable<? extends ID> ids) {
		List<ID> copy = new ArrayList<>();
		ids.forEach(copy::add);
		return this.repository.deleteAllById(copy)
			.then(afterCommit(Flux.fromIterable(copy).concatMap(this::deleted).then()));
	}

	@Override
	public Mono<Void> deleteAll(Iterable<? extends T> entities) {
		List<T> copy = new ArrayList<>();
		entities.forEach(copy::add);
		return this.repository.deleteAll(copy)
			.then(afterCommit(Flux.fromIterable(copy).concatMap(entity -> deleted(this.idOf.apply(entity))).then()));
	}

	@Override
	public Mono<Void> deleteAll(Publisher<? extends T> entities) {
		return Flux.from(entities).collectList().flatMap(this::deleteAll);
	}

	/**
	 * Deletes every entity, then (after commit) clears the whole cache namespace.
	 * @return completes when the cache was cleared, or the clear is queued
	 */
	@Override
	public Mono<Void> deleteAll() {
		return this.repository.deleteAll().then(afterCommit(this.cache.clear()));
	}

	/**
	 * Invalidates the entity's cache entry after the current transaction commits (at once without one), for
	 * writes that bypass this repository.
	 * @param entity the written entity, carrying its committed version
	 * @return completes when the invalidation is acknowledged, queued, or registered for the commit
	 */
	public Mono<Void> invalidate(T entity) {
		return afterCommit(invalidation(entity));
	}

	/**
	 * Tombstones the entry of an entity deleted by a write that bypassed this repository (such as a soft
	 * delete), after the current transaction commits (at once without one).
	 * @param id the deleted entity's id
	 * @return completes when the invalidation is acknowledged, queued, or registered for the commit
	 */
	public Mono<Void> invalidateDeleted(ID id) {
		return afterCommit(deleted(id));
	}

	/**
	 * Evicts the entity's entry at once, inside a transaction or not: for a write whose outcome is unknown (the
	 * connection was lost at commit, the statement timed out), so that no later read serves a value older than
	 * what may have committed.
	 * @param id the id of the entity written
	 * @return completes when Redis acknowledged the eviction or it is queued
	 */
	public Mono<Void> evictById(ID id) {
		return Mono.defer(() -> this.cache.evict(this.keyOf.apply(id)));
	}

	private Mono<Void> invalidation(T entity) {
		String key = this.keyOf.apply(this.idOf.apply(entity));
		return (this.versionOf != null) ? this.cache.invalidate(key, this.versionOf.applyAsLong(entity))
				: this.cache.evict(key);
	}

	private Mono<Void> deleted(ID id) {
		String key = this.keyOf.apply(id);
		return (this.versionOf != null) ? this.cache.invalidate(key, ReactiveCache.DELETED) : this.cache.evict(key);
	}

	private static Mono<Void> afterCommit(Mono<Void> invalidation) {
		return Transactions.afterCommit(invalidation);
	}

	/**
	 * Builds a {@link CachingRepository}.
	 *
	 * @param <T> the entity type
	 * @param <ID> the id type
	 */
	public static final class Builder<T, ID> {

		private final ReactiveCrudRepository<T, ID> repository;

		private final ReactiveCache cache;

		private final Class<T> type;

		private @Nullable Function<? super T, ? extends ID> idOf;

		private @Nullable ToLongFunction<? super T> versionOf;

		private @Nullable Function<? super ID, ? extends Mono<T>> finder;

		private Function<? super ID, String> keyOf = String::valueOf;

		private Builder(ReactiveCrudRepository<T, ID> repository, ReactiveCache cache, Class<T> type) {
			this.repository = Objects.requireNonNull(repository, "repository must not be null");
			this.cache = Objects.requireNonNull(cache, "cache must not be null");
			this.type = Objects.requireNonNull(type, "type must not be null");
		}

		/**
		 * Sets how to read an entity's id (required).
		 * @param idOf reads the id
		 * @return this builder
		 */
		public Builder<T, ID> id(Function<? super T, ? extends ID> idOf) {
			this.idOf = Objects.requireNonNull(idOf, "idOf must not be null");
			return this;
		}

		/**
		 * Sets how to read an entity's version ({@code @Version}); turns on fencing. Without it, writes evict.
		 * @param versionOf reads the version
		 * @return this builder
		 */
		public Builder<T, ID> version(ToLongFunction<? super T> versionOf) {
			this.versionOf = Objects.requireNonNull(versionOf, "versionOf must not be null");
			return this;
		}

		/**
		 * Sets the query cached reads run; default the repository's {@code findById}.
		 * @param finder reads one entity by id, empty when absent
		 * @return this builder
		 */
		public Builder<T, ID> finder(Function<? super ID, ? extends Mono<T>> finder) {
			this.finder = Objects.requireNonNull(finder, "finder must not be null");
			return this;
		}

		/**
		 * Sets how an id becomes a cache key; default {@code String.valueOf}.
		 * @param keyOf makes the key
		 * @return this builder
		 */
		public Builder<T, ID> key(Function<? super ID, String> keyOf) {
			this.keyOf = Objects.requireNonNull(keyOf, "keyOf must not be null");
			return this;
		}

		/**
		 * Builds the repository.
		 * @return the caching repository
		 */
		public CachingRepository<T, ID> build() {
			return new CachingRepository<>(this);
		}

	}

}
