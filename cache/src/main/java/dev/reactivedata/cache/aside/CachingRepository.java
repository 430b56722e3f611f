package dev.reactivedata.cache.aside;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import dev.reactivedata.core.query.DataQuery;
import dev.reactivedata.core.repository.KeysetPage;
import dev.reactivedata.core.repository.ReactiveDataRepository;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/**
 * Decorates a {@link ReactiveDataRepository} with a {@link ReactiveCache}: {@link #findById(Object)} (through a
 * configurable finder, such as one that skips soft-deleted rows) is cached per tenant, and every write method
 * ({@code save}, {@code saveAll}, the deletes, {@code deleteIfPresent}, {@code restore}, {@code insertAll},
 * {@code updateAll}, {@code deleteAllById}) invalidates the entries it affects after its transaction commits,
 * never before and never on rollback. With a version property the invalidation is a tombstone of the committed
 * version, so no reader that loaded an older row can store it afterwards; deletes tombstone with
 * {@link ReactiveCache#DELETED}. Bulk writes send their invalidations together (one pipelined round trip); one
 * that wrote more entities than the bulk limit clears the namespace instead, so memory stays bounded.
 *
 * <p>A write's publisher completes only when Redis acknowledged the invalidation, or the circuit is open and
 * the invalidation is queued. Inside a transaction that happens as part of the commit: the transactional
 * pipeline completes after it. Reads other than by id pass through uncached.
 *
 * @param <T> the entity type
 * @param <ID> the id type
 */
public final class CachingRepository<T, ID> implements ReactiveDataRepository<T, ID> {

	private final ReactiveDataRepository<T, ID> repository;

	private final ReactiveCache cache;

	private final Class<T> type;

	private final @Nullable ToLongFunction<? super T> versionOf;

	private final Function<? super ID, ? extends Mono<T>> finder;

	private final EntityInvalidations<T, ID> invalidations;

	private CachingRepository(Builder<T, ID> builder) {
		this.repository = builder.repository;
		this.cache = builder.cache;
		this.type = builder.type;
		this.versionOf = builder.versionOf;
		this.finder = (builder.finder != null) ? builder.finder : builder.repository::findById;
		this.invalidations = new EntityInvalidations<>(builder.cache, Objects.requireNonNull(builder.idOf, "id must be set"),
				builder.versionOf, builder.keyOf, builder.bulkLimit, builder.afterWrite);
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
	public static <T, ID> Builder<T, ID> builder(ReactiveDataRepository<T, ID> repository, ReactiveCache cache,
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
	 * Emits a view of the entity of {@code id} through the cache, and where it came from: a hit decodes the cached
	 * entry as {@code view} with the cache's codec, without building the entity (for example, the bytes of the
	 * entity's JSON response when the codec stores entities as that JSON); a miss or a bypass loads, caches and
	 * fences the entity as {@link #lookupById(Object)} does and answers {@code mapper}'s view of it. See
	 * {@link ReactiveCache#lookup(CacheRequest, Class, Function)}.
	 * @param id the id
	 * @param view the type a hit is decoded as
	 * @param mapper turns a loaded entity into its view; never returns {@code null}
	 * @param <V> the view type
	 * @return one lookup, with a {@code null} value when there is no such entity
	 */
	public <V> Mono<CacheLookup<V>> lookupById(ID id, Class<V> view, Function<? super T, ? extends V> mapper) {
		Objects.requireNonNull(id, "id must not be null");
		return this.cache.lookup(request(id), view, mapper);
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
		CacheRequest<T> request = CacheRequest.of(this.invalidations.key(id), this.type, () -> this.finder.apply(id));
		return (this.versionOf != null) ? request.withVersion(this.versionOf) : request;
	}

	// ---- writes: each invalidates after commit ----

	/**
	 * Saves the entity, then (after commit) invalidates its cache entry.
	 * @param entity the entity
	 * @return the saved entity, once the invalidation is acknowledged or queued (or registered for the commit)
	 */
	@Override
	public <S extends T> Mono<S> save(S entity) {
		return this.repository.save(entity).flatMap(saved -> this.invalidations.written(saved).thenReturn(saved));
	}

	@Override
	public <S extends T> Flux<S> saveAll(Iterable<S> entities) {
		return this.repository.saveAll(entities).concatMap(saved -> this.invalidations.written(saved).thenReturn(saved));
	}

	@Override
	public <S extends T> Flux<S> saveAll(Publisher<S> entities) {
		return this.repository.saveAll(entities).concatMap(saved -> this.invalidations.written(saved).thenReturn(saved));
	}

	@Override
	public Mono<Void> deleteById(ID id) {
		return this.repository.deleteById(id).then(this.invalidations.deleted(id));
	}

	@Override
	public Mono<Void> deleteById(Publisher<ID> id) {
		return Mono.from(id).flatMap(this::deleteById);
	}

	@Override
	public Mono<Void> delete(T entity) {
		return this.repository.delete(entity).then(this.invalidations.deletedEntities(List.of(entity)));
	}

	/**
	 * Deletes the rows, then (after commit) tombstones their entries in one batch.
	 * @param ids the ids
	 * @return completion, once the invalidations are acknowledged or queued (or registered for the commit)
	 */
	@Override
	public Mono<Void> deleteAllById(Iterable<? extends ID> ids) {
		List<ID> copy = new ArrayList<>();
		ids.forEach(copy::add);
		return this.repository.deleteAllById(copy).then(this.invalidations.deletedAll(copy));
	}

	@Override
	public Mono<Void> deleteAll(Iterable<? extends T> entities) {
		List<T> copy = new ArrayList<>();
		entities.forEach(copy::add);
		return this.repository.deleteAll(copy).then(this.invalidations.deletedEntities(copy));
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
		return this.repository.deleteAll().then(this.invalidations.cleared());
	}

	/**
	 * Deletes the row if there is a live one, then (after commit) tombstones its entry.
	 * @param id the id
	 * @return {@code true} when a row was deleted, once the invalidation is acknowledged or queued
	 */
	@Override
	public Mono<Boolean> deleteIfPresent(ID id) {
		return this.repository.deleteIfPresent(id)
			.flatMap(deleted -> deleted ? this.invalidations.deleted(id).thenReturn(true) : Mono.just(false));
	}

	/**
	 * Restores a soft-deleted row, then (after commit) tombstones its entry with the restored version.
	 * @param id the id
	 * @return the restored entity, once the invalidation is acknowledged or queued; empty when there was none
	 */
	@Override
	public Mono<T> restore(ID id) {
		return this.repository.restore(id).flatMap(restored -> this.invalidations.written(restored).thenReturn(restored));
	}

	/**
	 * Inserts the entities in bulk, then (after commit) tombstones their entries in one batch, so no "not found"
	 * cached before the insert survives it.
	 * @param entities the entities
	 * @return the number of rows inserted, once the invalidations are acknowledged or queued
	 */
	@Override
	public Mono<Long> insertAll(Publisher<? extends T> entities) {
		return Mono.defer(() -> {
			EntityInvalidations.Written<T> written = this.invalidations.collector();
			return this.repository.insertAll(Flux.from(entities).doOnNext(written::add))
				.flatMap(count -> this.invalidations.insertedAll(written).thenReturn(count));
		});
	}

	/**
	 * Updates the entities in bulk, then (after commit) tombstones their entries with the versions they now have,
	 * in one batch.
	 * @param entities the entities
	 * @return the number of rows updated, once the invalidations are acknowledged or queued
	 */
	@Override
	public Mono<Long> updateAll(Publisher<? extends T> entities) {
		return Mono.defer(() -> {
			EntityInvalidations.Written<T> written = this.invalidations.collector();
			return this.repository.updateAll(Flux.from(entities).doOnNext(written::add))
				.flatMap(count -> this.invalidations.updatedAll(written).thenReturn(count));
		});
	}

	/**
	 * Invalidates the entity's cache entry after the current transaction commits (at once without one), for
	 * writes that bypass this repository.
	 * @param entity the written entity, carrying its committed version
	 * @return completes when the invalidation is acknowledged, queued, or registered for the commit
	 */
	public Mono<Void> invalidate(T entity) {
		return this.invalidations.written(entity);
	}

	/**
	 * Evicts the entity's entry at once, inside a transaction or not: for a write whose outcome is unknown (the
	 * connection was lost at commit, the statement timed out), so that no later read serves a value older than
	 * what may have committed.
	 * @param id the id of the entity written
	 * @return completes when Redis acknowledged the eviction or it is queued
	 */
	public Mono<Void> evictById(ID id) {
		return Mono.defer(() -> this.cache.evict(this.invalidations.key(id)));
	}

	// ---- reads other than by id: uncached ----

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
	public Flux<T> findAll(Sort sort) {
		return this.repository.findAll(sort);
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
	public Mono<Page<T>> findPage(DataQuery query, Pageable pageable) {
		return this.repository.findPage(query, pageable);
	}

	@Override
	public Flux<T> findAll(DataQuery query) {
		return this.repository.findAll(query);
	}

	@Override
	public <R> Flux<R> findAll(DataQuery query, BiFunction<Row, RowMetadata, R> mapper) {
		return this.repository.findAll(query, mapper);
	}

	@Override
	public Flux<String> exportCsv(DataQuery query) {
		return this.repository.exportCsv(query);
	}

	@Override
	public Mono<KeysetPage<T>> scroll(DataQuery query, @Nullable String cursor, int size) {
		return this.repository.scroll(query, cursor, size);
	}

	@Override
	public Mono<Long> count(DataQuery query) {
		return this.repository.count(query);
	}

	@Override
	public Mono<Map<@Nullable Object, Long>> countBy(DataQuery query, String property) {
		return this.repository.countBy(query, property);
	}

	@Override
	public Mono<Boolean> exists(DataQuery query) {
		return this.repository.exists(query);
	}

	@Override
	public Flux<T> findDeleted(DataQuery query) {
		return this.repository.findDeleted(query);
	}

	@Override
	public <C> Mono<Map<ID, List<C>>> loadChildren(Collection<? extends T> parents, Class<C> childType,
			String foreignKeyProperty, Sort sort) {
		return this.repository.loadChildren(parents, childType, foreignKeyProperty, sort);
	}

	/**
	 * Builds a {@link CachingRepository}.
	 *
	 * @param <T> the entity type
	 * @param <ID> the id type
	 */
	public static final class Builder<T, ID> {

		private final ReactiveDataRepository<T, ID> repository;

		private final ReactiveCache cache;

		private final Class<T> type;

		private @Nullable Function<? super T, ? extends @Nullable ID> idOf;

		private @Nullable ToLongFunction<? super T> versionOf;

		private @Nullable Function<? super ID, ? extends Mono<T>> finder;

		private Function<? super ID, String> keyOf = String::valueOf;

		private int bulkLimit = 10_000;

		private Supplier<? extends Mono<Void>> afterWrite = Mono::empty;

		private Builder(ReactiveDataRepository<T, ID> repository, ReactiveCache cache, Class<T> type) {
			this.repository = Objects.requireNonNull(repository, "repository must not be null");
			this.cache = Objects.requireNonNull(cache, "cache must not be null");
			this.type = Objects.requireNonNull(type, "type must not be null");
		}

		/**
		 * Sets how to read an entity's id (required); {@code null} for an entity not stored yet.
		 * @param idOf reads the id
		 * @return this builder
		 */
		public Builder<T, ID> id(Function<? super T, ? extends @Nullable ID> idOf) {
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
		 * Sets how many entities a bulk write ({@code insertAll}, {@code updateAll}) invalidates one by one; a
		 * bulk write of more clears the cache namespace instead, so the ids it wrote need not be kept. Default
		 * 10,000.
		 * @param bulkLimit the limit, at least 1
		 * @return this builder
		 */
		public Builder<T, ID> bulkLimit(int bulkLimit) {
			if (bulkLimit < 1) {
				throw new IllegalArgumentException("bulkLimit must be at least 1");
			}
			this.bulkLimit = bulkLimit;
			return this;
		}

		/**
		 * Sets work that follows every write's invalidation, after the commit and in the writer's Reactor Context,
		 * such as evicting entries derived from the entities (a tenant's statistics). The write completes after it.
		 * Default: nothing.
		 * @param afterWrite supplies the work, cold; its publisher should not fail
		 * @return this builder
		 */
		public Builder<T, ID> afterWrite(Supplier<? extends Mono<Void>> afterWrite) {
			this.afterWrite = Objects.requireNonNull(afterWrite, "afterWrite must not be null");
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
