package dev.reactivedata.core.repository;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

import dev.reactivedata.core.internal.EntityModel;
import dev.reactivedata.core.query.DataQuery;
import dev.reactivedata.core.query.InvalidQueryException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.r2dbc.convert.R2dbcConverter;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.r2dbc.core.DatabaseClient;

import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;

/**
 * The {@link DataQuery} reads of one entity, rendered per call by its {@link QueryRenderer}: streams, pages,
 * keyset pages, counts and existence; the live rows only, unless a read asks for the soft-deleted ones.
 *
 * @param <T> the entity type
 */
final class DataQueries<T> {

	/** Rows fetched per round trip when streaming. */
	static final int FETCH_SIZE = 1000;

	/** Rows fetched per round trip when streaming rows without entities: more rows, each smaller than an entity. */
	static final int ROW_FETCH_SIZE = 10_000;

	private final EntityModel<T> model;

	private final DatabaseClient client;

	private final R2dbcConverter converter;

	private final QueryRenderer<T> renderer;

	private final KeysetScroll<T> keyset;

	private final List<Criteria> live;

	DataQueries(EntityModel<T> model, DatabaseClient client, R2dbcConverter converter, KeysetScroll<T> keyset) {
		this.model = model;
		this.client = client;
		this.converter = converter;
		this.renderer = new QueryRenderer<>(model, converter);
		this.keyset = keyset;
		RelationalPersistentProperty softDelete = model.softDelete().orElse(null);
		this.live = (softDelete != null) ? List.of(Criteria.where(softDelete.getName()).isNull()) : List.of();
	}

	/** Streams the live rows. */
	Flux<T> findAll(DataQuery query) {
		return stream(query, this.live);
	}

	/** Streams the live rows through {@code mapper}, without entities. */
	<R> Flux<R> findAll(DataQuery query, BiFunction<Row, RowMetadata, R> mapper) {
		return Flux.defer(() -> {
			SqlStatement select = this.renderer.select(criteria(query, this.live), query.predicates(), query.sort(), 0, 0);
			return select.fetching(this.client, ROW_FETCH_SIZE).map(mapper).all();
		});
	}

	/** Streams the header and the live rows as CSV lines rendered by the database. */
	Flux<String> exportCsv(DataQuery query) {
		return Flux.defer(() -> {
			SqlStatement select = this.renderer.csvLines(criteria(query, this.live), query.predicates(), query.sort());
			return Flux.concat(Mono.just(this.renderer.csvHeader()), select.fetching(this.client, ROW_FETCH_SIZE)
				.map((row, metadata) -> Objects.requireNonNull(row.get(0, String.class)))
				.all());
		});
	}

	/** Streams the soft-deleted rows of an entity whose soft-delete property is {@code soft}. */
	Flux<T> findDeleted(DataQuery query, RelationalPersistentProperty soft) {
		return stream(query, List.of(Criteria.where(soft.getName()).isNotNull()));
	}

	Mono<Page<T>> findPage(DataQuery query, Pageable pageable) {
		return Mono.defer(() -> {
			Sort sort = this.keyset.withIdTiebreak(pageable.getSort().isSorted() ? pageable.getSort() : query.sort());
			List<Criteria> criteria = criteria(query, this.live);
			SqlStatement select = pageable.isPaged()
					? this.renderer.select(criteria, query.predicates(), sort, pageable.getPageSize(), pageable.getOffset())
					: this.renderer.select(criteria, query.predicates(), sort, 0, 0);
			Mono<List<T>> content = select.prepared(this.client).map(this::read).all().collectList();
			Mono<Long> total = this.renderer.count(criteria, query.predicates()).prepared(this.client)
				.map((row, metadata) -> Objects.requireNonNull(row.get(0, Long.class)))
				.one();
			return Mono.zip(content, total).map(both -> new PageImpl<>(both.getT1(), pageable, both.getT2()));
		});
	}

	/** One keyset page of at least one row; {@code cursor} is where the page before ended. */
	Mono<KeysetPage<T>> scroll(DataQuery query, @Nullable String cursor, int size) {
		return Mono.defer(() -> {
			List<Sort.Order> orders = this.keyset.withIdTiebreak(query.sort()).toList();
			List<Criteria> criteria = new ArrayList<>(criteria(query, this.live));
			KeysetPosition rowsAfter = null;
			if (cursor != null) {
				KeysetPosition position = this.keyset.position(cursor, orders);
				// Keys that all sort one way: one row comparison, which an index on them starts its scan at.
				if (position.uniform()) {
					rowsAfter = position;
				}
				else {
					criteria.addAll(KeysetScroll.after(position));
				}
			}
			SqlStatement select = this.renderer.select(criteria, query.predicates(), rowsAfter, Sort.by(orders), size + 1L, 0);
			return select.prepared(this.client).map(this::read).all().collectList().map(rows -> {
				if (rows.size() <= size) {
					return new KeysetPage<>(rows, null);
				}
				List<T> items = rows.subList(0, size);
				return new KeysetPage<>(items, this.keyset.cursor(items.get(size - 1), orders));
			});
		});
	}

	Mono<Long> count(DataQuery query) {
		return Mono.defer(() -> this.renderer.count(criteria(query, this.live), query.predicates()).prepared(this.client)
			.map((row, metadata) -> Objects.requireNonNull(row.get(0, Long.class)))
			.one());
	}

	Mono<Map<@Nullable Object, Long>> countBy(DataQuery query, String property) {
		return Mono.defer(() -> {
			RelationalPersistentProperty grouped = this.model.property(property)
				.orElseThrow(() -> new InvalidQueryException(List.of(new InvalidQueryException.Violation(property, "unknown property"))));
			return this.renderer.countBy(criteria(query, this.live), query.predicates(), grouped).prepared(this.client)
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

	Mono<Boolean> exists(DataQuery query) {
		return Mono.defer(() -> this.renderer.exists(criteria(query, this.live), query.predicates()).prepared(this.client)
			.map((row, metadata) -> 1)
			.first()
			.hasElement());
	}

	private Flux<T> stream(DataQuery query, List<Criteria> base) {
		return Flux.defer(() -> {
			SqlStatement select = this.renderer.select(criteria(query, base), query.predicates(), query.sort(), 0, 0);
			return select.fetching(this.client, FETCH_SIZE).map(this::read).all();
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

}
