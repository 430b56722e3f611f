package dev.reactivedata.core.repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

import dev.reactivedata.core.bulk.BulkOperations;
import dev.reactivedata.core.internal.EntityModel;
import dev.reactivedata.core.query.DataQuery;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mapping.callback.ReactiveEntityCallbacks;
import org.springframework.data.r2dbc.convert.R2dbcConverter;
import org.springframework.data.r2dbc.core.R2dbcEntityOperations;
import org.springframework.data.r2dbc.repository.support.SimpleR2dbcRepository;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.repository.query.RelationalEntityInformation;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.Assert;

/**
 * The repository base class behind {@link ReactiveDataRepository}: Spring Data's {@link SimpleR2dbcRepository}
 * with soft-delete-aware reads and deletes, typed version conflicts, pages, keyset scrolling, streaming and bulk
 * writes. The statements by id are {@link EntityStatements}, the {@link DataQuery} reads {@link DataQueries} (keyset
 * positions in {@link KeysetScroll}), the children of many parents {@link ChildLoader}.
 */
final class DefaultReactiveDataRepository<T, ID> extends SimpleR2dbcRepository<T, ID> implements ReactiveDataRepository<T, ID> {

	private final RelationalEntityInformation<T, ID> information;

	private final EntityModel<T> model;

	private final BulkOperations<T> bulk;

	private final EntityStatements<T, ID> statements;

	private final DataQueries<T> queries;

	private final ChildLoader<T, ID> children;

	private final @Nullable RelationalPersistentProperty softDelete;

	// Null for an entity without @Audited: runs a save and its audit statements in one transaction.
	private final @Nullable TransactionalOperator auditedSaves;

	DefaultReactiveDataRepository(RelationalEntityInformation<T, ID> information, R2dbcEntityOperations operations,
			R2dbcConverter converter, ReactiveEntityCallbacks callbacks, CursorCodec cursors) {
		super(information, operations, converter);
		this.information = information;
		this.model = EntityModel.of(information.getJavaType(), converter);
		DatabaseClient client = operations.getDatabaseClient();
		this.bulk = BulkOperations.create(information.getJavaType(), client, converter, callbacks);
		this.statements = new EntityStatements<>(this.model, client);
		this.queries = new DataQueries<>(this.model, client, converter, new KeysetScroll<>(this.model, cursors));
		this.children = new ChildLoader<>(information, client, converter);
		this.softDelete = this.model.softDelete().orElse(null);
		this.auditedSaves = this.statements.audited()
				? TransactionalOperator.create(new R2dbcTransactionManager(client.getConnectionFactory())) : null;
	}

	// ---- ReactiveCrudRepository, soft-delete aware ----

	/**
	 * Saves as Spring Data does; for an {@code @Audited} entity, the write and its audit entry (written by the
	 * entity callbacks in statements of their own) run in one transaction: the caller's, or else one opened here.
	 */
	@Override
	public <S extends T> Mono<S> save(S entity) {
		Assert.notNull(entity, "Object to save must not be null");
		Mono<S> save = Mono.defer(() -> {
			Object expected = this.model.version().map(v -> this.model.accessor(entity).getProperty(v)).orElse(null);
			return super.save(entity).onErrorMap(
					ex -> ex instanceof OptimisticLockingFailureException && !(ex instanceof VersionConflictException),
					ex -> new VersionConflictException(this.model.type(), this.information.getId(entity), expected, ex));
		});
		TransactionalOperator transactional = this.auditedSaves;
		return (transactional != null) ? transactional.transactional(save) : save;
	}

	@Override
	public Mono<T> findById(ID id) {
		Assert.notNull(id, "Id must not be null");
		return this.statements.findById(id);
	}

	@Override
	public Mono<T> findById(Publisher<ID> id) {
		return Mono.from(id).flatMap(this::findById);
	}

	@Override
	public Mono<Boolean> existsById(ID id) {
		Assert.notNull(id, "Id must not be null");
		return this.statements.existsById(id);
	}

	@Override
	public Mono<Boolean> existsById(Publisher<ID> id) {
		return Mono.from(id).flatMap(this::existsById).defaultIfEmpty(false);
	}

	@Override
	public Flux<T> findAll() {
		return findAll(DataQuery.all());
	}

	@Override
	public Flux<T> findAll(Sort sort) {
		Assert.notNull(sort, "Sort must not be null");
		return findAll(DataQuery.all().sort(sort));
	}

	@Override
	public Flux<T> findAllById(Iterable<ID> ids) {
		Assert.notNull(ids, "The iterable of Id's must not be null");
		return findAllById(Flux.fromIterable(ids));
	}

	@Override
	public Flux<T> findAllById(Publisher<ID> ids) {
		Assert.notNull(ids, "The Id Publisher must not be null");
		return Flux.from(ids)
			.collectList()
			.filter(list -> !list.isEmpty())
			.flatMapMany(this.statements::findAllById);
	}

	@Override
	public Mono<Long> count() {
		return count(DataQuery.all());
	}

	@Override
	public Mono<Void> deleteById(ID id) {
		Assert.notNull(id, "Id must not be null");
		return deleteIfPresent(id).then();
	}

	@Override
	public Mono<Void> deleteById(Publisher<ID> ids) {
		Assert.notNull(ids, "The Id Publisher must not be null");
		// Every id the publisher emits, as SimpleR2dbcRepository does; one keeps its single-row (audited) delete.
		return Flux.from(ids).collectList().flatMap(list -> (list.size() == 1) ? deleteById(list.get(0)) : deleteAllById(list));
	}

	@Override
	public Mono<Void> delete(T entity) {
		Assert.notNull(entity, "Object to delete must not be null");
		if (this.softDelete == null && !this.statements.audited()) {
			return super.delete(entity);
		}
		// As SimpleR2dbcRepository does: by id, whatever @Version the entity was read in.
		return deleteById(this.information.getRequiredId(entity));
	}

	@Override
	public Mono<Void> deleteAllById(Iterable<? extends ID> ids) {
		Assert.notNull(ids, "The iterable of Id's must not be null");
		return Mono.defer(() -> {
			List<ID> list = new ArrayList<>();
			ids.forEach(list::add);
			return this.bulk.deleteAllById(list).then();
		});
	}

	@Override
	public Mono<Void> deleteAll(Iterable<? extends T> entities) {
		Assert.notNull(entities, "The iterable of Id's must not be null");
		return deleteAll(Flux.fromIterable(entities));
	}

	@Override
	public Mono<Void> deleteAll(Publisher<? extends T> entities) {
		Assert.notNull(entities, "The Object Publisher must not be null");
		return Flux.from(entities).map(this.information::getRequiredId).collectList().flatMap(ids -> this.bulk.deleteAllById(ids)).then();
	}

	@Override
	public Mono<Void> deleteAll() {
		if (this.statements.deletesEverything()) {
			return this.statements.deleteEverything();
		}
		RelationalPersistentProperty soft = this.softDelete;
		if (soft == null) {
			return super.deleteAll();
		}
		return this.statements.softDeleteAll(soft);
	}

	// ---- ReactiveDataRepository ----

	@Override
	public Mono<Page<T>> findPage(DataQuery query, Pageable pageable) {
		Objects.requireNonNull(query, "query must not be null");
		Objects.requireNonNull(pageable, "pageable must not be null");
		return this.queries.findPage(query, pageable);
	}

	@Override
	public Flux<T> findAll(DataQuery query) {
		Objects.requireNonNull(query, "query must not be null");
		return this.queries.findAll(query);
	}

	@Override
	public <R> Flux<R> findAll(DataQuery query, BiFunction<Row, RowMetadata, R> mapper) {
		Objects.requireNonNull(query, "query must not be null");
		Objects.requireNonNull(mapper, "mapper must not be null");
		return this.queries.findAll(query, mapper);
	}

	@Override
	public Flux<String> exportCsv(DataQuery query) {
		Objects.requireNonNull(query, "query must not be null");
		return this.queries.exportCsv(query);
	}

	@Override
	public Mono<KeysetPage<T>> scroll(DataQuery query, @Nullable String cursor, int size) {
		Objects.requireNonNull(query, "query must not be null");
		if (size < 1) {
			return Mono.error(new IllegalArgumentException("size must be at least 1"));
		}
		return this.queries.scroll(query, cursor, size);
	}

	@Override
	public Mono<Long> count(DataQuery query) {
		Objects.requireNonNull(query, "query must not be null");
		return this.queries.count(query);
	}

	@Override
	public Mono<Map<@Nullable Object, Long>> countBy(DataQuery query, String property) {
		Objects.requireNonNull(query, "query must not be null");
		Objects.requireNonNull(property, "property must not be null");
		return this.queries.countBy(query, property);
	}

	@Override
	public Mono<Boolean> exists(DataQuery query) {
		Objects.requireNonNull(query, "query must not be null");
		return this.queries.exists(query);
	}

	@Override
	public Mono<Boolean> deleteIfPresent(ID id) {
		Assert.notNull(id, "Id must not be null");
		return this.statements.deleteIfPresent(id);
	}

	@Override
	public Mono<T> restore(ID id) {
		Assert.notNull(id, "Id must not be null");
		RelationalPersistentProperty soft = this.softDelete;
		if (soft == null) {
			return Mono.error(notSoftDeletable());
		}
		return this.statements.restore(id, soft);
	}

	@Override
	public Flux<T> findDeleted(DataQuery query) {
		Objects.requireNonNull(query, "query must not be null");
		RelationalPersistentProperty soft = this.softDelete;
		if (soft == null) {
			return Flux.error(notSoftDeletable());
		}
		return this.queries.findDeleted(query, soft);
	}

	@Override
	public <C> Mono<Map<ID, List<C>>> loadChildren(Collection<? extends T> parents, Class<C> childType,
			String foreignKeyProperty, Sort sort) {
		Objects.requireNonNull(parents, "parents must not be null");
		Objects.requireNonNull(childType, "childType must not be null");
		Objects.requireNonNull(foreignKeyProperty, "foreignKeyProperty must not be null");
		Objects.requireNonNull(sort, "sort must not be null");
		return this.children.load(parents, childType, foreignKeyProperty, sort);
	}

	@Override
	public Mono<Long> insertAll(Publisher<? extends T> entities) {
		return this.bulk.insertAll(entities);
	}

	@Override
	public Mono<Long> updateAll(Publisher<? extends T> entities) {
		return this.bulk.updateAll(entities);
	}

	// ---- internals ----

	private InvalidDataAccessApiUsageException notSoftDeletable() {
		return new InvalidDataAccessApiUsageException(this.model.type().getSimpleName() + " is not @SoftDeletable");
	}

}
