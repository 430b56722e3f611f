package dev.reactivedata.core.repository;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.reactivedata.core.audit.AuditAction;
import dev.reactivedata.core.audit.AuditContext;
import dev.reactivedata.core.audit.AuditStatements;
import dev.reactivedata.core.bulk.BulkOperations;
import dev.reactivedata.core.mapping.EntityModel;
import dev.reactivedata.core.query.DataQuery;
import dev.reactivedata.core.query.InvalidQueryException;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.mapping.callback.ReactiveEntityCallbacks;
import org.springframework.data.r2dbc.convert.R2dbcConverter;
import org.springframework.data.r2dbc.core.R2dbcEntityOperations;
import org.springframework.data.r2dbc.repository.support.SimpleR2dbcRepository;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.repository.query.RelationalEntityInformation;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;

/**
 * The repository base class behind {@link ReactiveDataRepository}: Spring Data's {@link SimpleR2dbcRepository}
 * with soft-delete-aware reads and deletes, typed version conflicts, pages, keyset scrolling, streaming and bulk
 * writes.
 */
final class DefaultReactiveDataRepository<T, ID> extends SimpleR2dbcRepository<T, ID> implements ReactiveDataRepository<T, ID> {

	/** Rows fetched per round trip when streaming. */
	static final int FETCH_SIZE = 1000;

	private final RelationalEntityInformation<T, ID> information;

	private final EntityModel<T> model;

	private final DatabaseClient client;

	private final R2dbcConverter converter;

	private final QueryRenderer<T> renderer;

	private final BulkOperations<T> bulk;

	private final CursorCodec cursors;

	private final @Nullable RelationalPersistentProperty softDelete;

	private final List<Criteria> live;

	private final String findById;

	private final String existsById;

	private final String findAllById;

	private final String deleteById;

	private final @Nullable String restoreById;

	private final @Nullable String deleteVersioned;

	private final @Nullable String deleteEverything;

	// Null for an entity without @Audited: its statements stay exactly as they are.
	private final @Nullable AuditStatements audit;

	// Null for an entity without @Audited: runs a save and its audit statements in one transaction.
	private final @Nullable TransactionalOperator auditedSaves;

	private final Map<Class<?>, QueryRenderer<?>> childRenderers = new ConcurrentHashMap<>();

	DefaultReactiveDataRepository(RelationalEntityInformation<T, ID> information, R2dbcEntityOperations operations,
			R2dbcConverter converter, ReactiveEntityCallbacks callbacks, CursorCodec cursors) {
		super(information, operations, converter);
		this.information = information;
		this.model = EntityModel.of(information.getJavaType(), converter);
		this.client = operations.getDatabaseClient();
		this.converter = converter;
		this.renderer = new QueryRenderer<>(this.model, converter);
		this.bulk = BulkOperations.create(information.getJavaType(), this.client, converter, callbacks);
		this.cursors = cursors;
		this.softDelete = this.model.softDelete().orElse(null);
		this.live = (this.softDelete != null) ? List.of(Criteria.where(this.softDelete.getName()).isNull()) : List.of();
		String liveSql = (this.softDelete != null) ? " AND " + EntityModel.column(this.softDelete) + " IS NULL" : "";
		String select = "SELECT " + this.model.selectList() + " FROM " + this.model.table() + " WHERE " + EntityModel.column(this.model.id());
		this.findById = select + " = $1" + liveSql;
		this.findAllById = select + " = ANY($1)" + liveSql;
		this.existsById = "SELECT 1 FROM " + this.model.table() + " WHERE " + EntityModel.column(this.model.id()) + " = $1" + liveSql
				+ " LIMIT 1";
		String idColumn = EntityModel.column(this.model.id());
		AuditStatements audit = AuditStatements.of(this.model.entity()).orElse(null);
		this.audit = audit;
		this.auditedSaves = (audit != null)
				? TransactionalOperator.create(new R2dbcTransactionManager(this.client.getConnectionFactory())) : null;
		RelationalPersistentProperty soft = this.softDelete;
		String byId = idColumn + " = $1";
		int deleters = this.model.deletedBy().isPresent() ? 1 : 0;
		if (audit == null) {
			this.deleteById = (soft != null)
					? "UPDATE " + this.model.table() + " SET " + this.model.softDeleteAssignments("$2") + " WHERE " + byId + liveSql
					: "DELETE FROM " + this.model.table() + " WHERE " + byId;
			this.restoreById = null;
			this.deleteVersioned = null;
			this.deleteEverything = null;
		}
		else if (soft != null) {
			this.deleteById = audit.update(this.model.softDeleteAssignments("$2"), byId + liveSql, 1 + deleters, AuditAction.DELETE, "1");
			this.restoreById = audit.update(this.model.restoreAssignments(), byId + " AND " + EntityModel.column(soft) + " IS NOT NULL", 1,
					AuditAction.RESTORE, this.model.selectList());
			this.deleteVersioned = null;
			this.deleteEverything = audit.bulk("UPDATE " + this.model.table() + " SET " + this.model.softDeleteAssignments("$1")
					+ " WHERE " + EntityModel.column(soft) + " IS NULL", deleters, AuditAction.BULK_DELETE);
		}
		else {
			this.deleteById = audit.delete(byId, 1, "1");
			this.restoreById = null;
			this.deleteVersioned = this.model.version()
				.map(v -> audit.delete(byId + " AND " + EntityModel.column(v) + " = $2", 2, "1"))
				.orElse(null);
			this.deleteEverything = audit.bulk("DELETE FROM " + this.model.table(), 0, AuditAction.BULK_DELETE);
		}
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
		return this.client.sql(this.findById).bind(0, id).map(this::read).one();
	}

	@Override
	public Mono<T> findById(Publisher<ID> id) {
		return Mono.from(id).flatMap(this::findById);
	}

	@Override
	public Mono<Boolean> existsById(ID id) {
		Assert.notNull(id, "Id must not be null");
		return this.client.sql(this.existsById).bind(0, id).map((row, metadata) -> 1).first().hasElement();
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
			.flatMapMany(list -> this.client.sql(this.findAllById).bind(0, idArray(list)).map(this::read).all());
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
		if (this.softDelete == null && this.audit == null) {
			return super.delete(entity);
		}
		ID id = this.information.getRequiredId(entity);
		return Mono.defer(() -> {
			Object version = this.model.version().map(v -> this.model.accessor(entity).getProperty(v)).orElse(null);
			String versioned = this.deleteVersioned;
			if (versioned == null || version == null) {
				return deleteById(id);
			}
			// As SimpleR2dbcRepository does: a versioned entity is deleted only in the version it was read in.
			return audited(this.client.sql(versioned).bind(0, id).bind(1, version), 2).flatMap(deleted -> deleted
					? Mono.<Void>empty()
					: Mono.error(new OptimisticLockingFailureException("Failed to delete versioned entity with id '" + id
							+ "' (version '" + version + "') in table " + this.model.table()
							+ "; was the entity updated or deleted concurrently?")));
		});
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
		String audited = this.deleteEverything;
		if (audited != null) {
			return deleter(this.client.sql(audited), 0).flatMap(spec -> AuditStatements.bind(spec, deleters()))
				.flatMap(spec -> spec.then());
		}
		if (this.softDelete == null) {
			return super.deleteAll();
		}
		return deleter(this.client.sql("UPDATE " + this.model.table() + " SET " + this.model.softDeleteAssignments("$1")
				+ " WHERE " + EntityModel.column(this.softDelete) + " IS NULL"), 0).flatMap(spec -> spec.then());
	}

	// ---- ReactiveDataRepository ----

	@Override
	public Mono<Page<T>> findPage(DataQuery query, Pageable pageable) {
		Objects.requireNonNull(query, "query must not be null");
		Objects.requireNonNull(pageable, "pageable must not be null");
		return Mono.defer(() -> {
			Sort sort = withIdTiebreak(pageable.getSort().isSorted() ? pageable.getSort() : query.sort());
			List<Criteria> criteria = criteria(query, this.live);
			SqlStatement select = pageable.isPaged()
					? this.renderer.select(criteria, query.predicates(), sort, pageable.getPageSize(), pageable.getOffset())
					: this.renderer.select(criteria, query.predicates(), sort, 0, 0);
			Mono<List<T>> content = this.client.sql(select).map(this::read).all().collectList();
			Mono<Long> total = this.client.sql(this.renderer.count(criteria, query.predicates()))
				.map((row, metadata) -> Objects.requireNonNull(row.get(0, Long.class)))
				.one();
			return Mono.zip(content, total).map(both -> new PageImpl<>(both.getT1(), pageable, both.getT2()));
		});
	}

	@Override
	public Flux<T> findAll(DataQuery query) {
		Objects.requireNonNull(query, "query must not be null");
		return stream(query, this.live);
	}

	@Override
	public Mono<KeysetPage<T>> scroll(DataQuery query, @Nullable String cursor, int size) {
		Objects.requireNonNull(query, "query must not be null");
		if (size < 1) {
			return Mono.error(new IllegalArgumentException("size must be at least 1"));
		}
		return Mono.defer(() -> {
			List<Sort.Order> orders = withIdTiebreak(query.sort()).toList();
			List<Criteria> criteria = new ArrayList<>(criteria(query, this.live));
			if (cursor != null) {
				criteria.addAll(after(this.cursors.decode(cursor), orders));
			}
			SqlStatement select = this.renderer.select(criteria, query.predicates(), Sort.by(orders), size + 1L, 0);
			return this.client.sql(select).map(this::read).all().collectList().map(rows -> {
				if (rows.size() <= size) {
					return new KeysetPage<>(rows, null);
				}
				List<T> items = rows.subList(0, size);
				return new KeysetPage<>(items, this.cursors.encode(keys(items.get(size - 1), orders)));
			});
		});
	}

	@Override
	public Mono<Long> count(DataQuery query) {
		Objects.requireNonNull(query, "query must not be null");
		return Mono.defer(() -> this.client.sql(this.renderer.count(criteria(query, this.live), query.predicates()))
			.map((row, metadata) -> Objects.requireNonNull(row.get(0, Long.class)))
			.one());
	}

	@Override
	public Mono<Map<@Nullable Object, Long>> countBy(DataQuery query, String property) {
		Objects.requireNonNull(query, "query must not be null");
		Objects.requireNonNull(property, "property must not be null");
		return Mono.defer(() -> {
			RelationalPersistentProperty grouped = this.model.property(property)
				.orElseThrow(() -> new InvalidQueryException(List.of(new InvalidQueryException.Violation(property, "unknown property"))));
			return this.client.sql(this.renderer.countBy(criteria(query, this.live), query.predicates(), grouped))
				.map((row, metadata) -> {
					Object value = row.get(0);
					return Map.entry(Optional.ofNullable((value != null) ? this.converter.readValue(value, grouped.getTypeInformation()) : null),
							Objects.requireNonNull(row.get(1, Long.class)));
				})
				.all()
				.collect(LinkedHashMap<@Nullable Object, Long>::new, (counts, entry) -> counts.put(entry.getKey().orElse(null), entry.getValue()))
				.map(Collections::unmodifiableMap);
		});
	}

	@Override
	public Mono<Boolean> exists(DataQuery query) {
		Objects.requireNonNull(query, "query must not be null");
		return Mono.defer(() -> this.client.sql(this.renderer.exists(criteria(query, this.live), query.predicates()))
			.map((row, metadata) -> 1)
			.first()
			.hasElement());
	}

	@Override
	public Mono<Boolean> deleteIfPresent(ID id) {
		Assert.notNull(id, "Id must not be null");
		return deleter(this.client.sql(this.deleteById).bind(0, id), 1).flatMap(spec -> (this.audit == null)
				? spec.fetch().rowsUpdated().map(rows -> rows > 0) : audited(spec, 1 + deleters()));
	}

	@Override
	public Mono<T> restore(ID id) {
		Assert.notNull(id, "Id must not be null");
		RelationalPersistentProperty soft = this.softDelete;
		if (soft == null) {
			return Mono.error(notSoftDeletable());
		}
		String audited = this.restoreById;
		if (audited != null) {
			return AuditStatements.bind(this.client.sql(audited).bind(0, id), 1).flatMap(spec -> spec.map(this::read).one());
		}
		return this.client.sql("UPDATE " + this.model.table() + " SET " + this.model.restoreAssignments() + " WHERE "
				+ EntityModel.column(this.model.id()) + " = $1 AND " + EntityModel.column(soft) + " IS NOT NULL RETURNING "
				+ this.model.selectList())
			.bind(0, id)
			.map(this::read)
			.one();
	}

	@Override
	public Flux<T> findDeleted(DataQuery query) {
		Objects.requireNonNull(query, "query must not be null");
		RelationalPersistentProperty soft = this.softDelete;
		if (soft == null) {
			return Flux.error(notSoftDeletable());
		}
		return stream(query, List.of(Criteria.where(soft.getName()).isNotNull()));
	}

	@Override
	@SuppressWarnings("unchecked")
	public <C> Mono<Map<ID, List<C>>> loadChildren(Collection<? extends T> parents, Class<C> childType,
			String foreignKeyProperty, Sort sort) {
		Objects.requireNonNull(parents, "parents must not be null");
		Objects.requireNonNull(childType, "childType must not be null");
		Objects.requireNonNull(foreignKeyProperty, "foreignKeyProperty must not be null");
		Objects.requireNonNull(sort, "sort must not be null");
		return Mono.defer(() -> {
			Map<ID, List<C>> children = new LinkedHashMap<>();
			for (T parent : parents) {
				children.put(this.information.getRequiredId(parent), new ArrayList<>());
			}
			if (children.isEmpty()) {
				return Mono.just(children);
			}
			QueryRenderer<C> childRenderer = (QueryRenderer<C>) this.childRenderers.computeIfAbsent(childType,
					type -> new QueryRenderer<>(EntityModel.of(type, this.converter), this.converter));
			EntityModel<C> childModel = childRenderer.model();
			RelationalPersistentProperty foreignKey = childModel.property(foreignKeyProperty)
				.orElseThrow(() -> new InvalidDataAccessApiUsageException(childType.getSimpleName() + " has no property " + foreignKeyProperty));
			List<Criteria> criteria = new ArrayList<>();
			criteria.add(Criteria.where(foreignKeyProperty).in(children.keySet()));
			childModel.softDelete().ifPresent(soft -> criteria.add(Criteria.where(soft.getName()).isNull()));
			return this.client.sql(childRenderer.select(criteria, List.of(), sort, 0, 0))
				.map(childModel.rowReader())
				.all()
				.doOnNext(child -> {
					List<C> siblings = children.get((ID) childModel.accessor(child).getProperty(foreignKey));
					if (siblings != null) {
						siblings.add(child);
					}
				})
				.then(Mono.just(children));
		});
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

	/**
	 * Runs an audited statement that emits a row per changed row; emits whether it changed any.
	 */
	private Mono<Boolean> audited(DatabaseClient.GenericExecuteSpec spec, int parameters) {
		return AuditStatements.bind(spec, parameters).flatMap(bound -> bound.map((row, metadata) -> 1).all().hasElements());
	}

	private Flux<T> stream(DataQuery query, List<Criteria> base) {
		return Flux.defer(() -> {
			SqlStatement select = this.renderer.select(criteria(query, base), query.predicates(), query.sort(), 0, 0);
			return this.client.sql(select).filter(statement -> statement.fetchSize(FETCH_SIZE)).map(this::read).all();
		});
	}

	private T read(Row row, RowMetadata metadata) {
		return this.model.rowReader().apply(row, metadata);
	}

	private static List<Criteria> criteria(DataQuery query, List<Criteria> base) {
		if (query.criteria().isEmpty()) {
			return base;
		}
		List<Criteria> all = new ArrayList<>(base);
		all.add(query.criteria());
		return all;
	}

	private Sort withIdTiebreak(Sort sort) {
		String id = this.model.id().getName();
		if (sort.getOrderFor(id) != null) {
			return sort;
		}
		Sort.Direction direction = sort.stream().reduce((first, second) -> second).map(Sort.Order::getDirection).orElse(Sort.Direction.ASC);
		return sort.and(Sort.by(direction, id));
	}

	private List<CursorCodec.Key> keys(T last, List<Sort.Order> orders) {
		PersistentPropertyAccessor<T> accessor = this.model.accessor(last);
		List<CursorCodec.Key> keys = new ArrayList<>(orders.size());
		for (Sort.Order order : orders) {
			RelationalPersistentProperty property = sortProperty(order.getProperty());
			Object value = accessor.getProperty(property);
			if (value == null) {
				throw new InvalidDataAccessApiUsageException("Cannot scroll past a null " + property.getName()
						+ ": keyset sort properties must be non-null");
			}
			keys.add(new CursorCodec.Key(order.getProperty(), order.getDirection(), KeyValues.toText(value)));
		}
		return keys;
	}

	/**
	 * The rows after a position: {@code k1 >= v1 AND (k1 > v1 OR (k1 = v1 AND k2 > v2) OR …)} with the comparisons
	 * flipped for descending keys. The redundant leading bound lets PostgreSQL start an index scan at the position.
	 */
	private List<Criteria> after(List<CursorCodec.Key> keys, List<Sort.Order> orders) {
		if (keys.size() != orders.size()) {
			throw CursorCodec.invalid();
		}
		List<Object> values = new ArrayList<>(keys.size());
		for (int i = 0; i < keys.size(); i++) {
			CursorCodec.Key key = keys.get(i);
			Sort.Order order = orders.get(i);
			if (!key.property().equals(order.getProperty()) || key.direction() != order.getDirection()) {
				throw CursorCodec.invalid();
			}
			values.add(KeyValues.fromText(key.value(), sortProperty(key.property()).getType()));
		}
		Sort.Order first = orders.get(0);
		Criteria bound = first.isDescending() ? Criteria.where(first.getProperty()).lessThanOrEquals(values.get(0))
				: Criteria.where(first.getProperty()).greaterThanOrEquals(values.get(0));
		Criteria any = null;
		for (int i = 0; i < orders.size(); i++) {
			Criteria term = null;
			for (int j = 0; j < i; j++) {
				String property = orders.get(j).getProperty();
				term = (term == null) ? Criteria.where(property).is(values.get(j)) : term.and(property).is(values.get(j));
			}
			Sort.Order order = orders.get(i);
			Object value = values.get(i);
			if (term == null) {
				term = order.isDescending() ? Criteria.where(order.getProperty()).lessThan(value)
						: Criteria.where(order.getProperty()).greaterThan(value);
			}
			else {
				term = order.isDescending() ? term.and(order.getProperty()).lessThan(value)
						: term.and(order.getProperty()).greaterThan(value);
			}
			any = (any == null) ? term : any.or(term);
		}
		return List.of(bound, Objects.requireNonNull(any));
	}

	private RelationalPersistentProperty sortProperty(String name) {
		return this.model.property(name).orElseThrow(CursorCodec::invalid);
	}

	/**
	 * Binds who deletes (the actor of the Reactor Context, or {@code null}) at {@code index} when the entity
	 * records it; a soft delete's statement then has that parameter.
	 */
	private int deleters() {
		return this.model.deletedBy().isPresent() ? 1 : 0;
	}

	private Mono<DatabaseClient.GenericExecuteSpec> deleter(DatabaseClient.GenericExecuteSpec spec, int index) {
		if (this.model.deletedBy().isEmpty()) {
			return Mono.just(spec);
		}
		return AuditContext.actor().map(actor -> spec.bind(index, actor)).defaultIfEmpty(spec.bindNull(index, String.class));
	}

	private Object idArray(List<ID> ids) {
		// The driver encodes arrays of boxed values (Integer[], Long[]), not int[] or long[].
		Object array = Array.newInstance(ClassUtils.resolvePrimitiveIfNecessary(this.model.id().getType()), ids.size());
		for (int i = 0; i < ids.size(); i++) {
			Array.set(array, i, ids.get(i));
		}
		return array;
	}

	private InvalidDataAccessApiUsageException notSoftDeletable() {
		return new InvalidDataAccessApiUsageException(this.model.type().getSimpleName() + " is not @SoftDeletable");
	}

}
