package dev.reactivedata.core.repository;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import dev.reactivedata.core.query.DataQuery;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.repository.NoRepositoryBean;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;
import org.springframework.data.repository.reactive.ReactiveSortingRepository;

/**
 * A reactive repository for PostgreSQL. Declare {@code interface ArticleRepository extends
 * ReactiveDataRepository<Article, UUID>} in a package enabled with {@link EnableReactiveDataRepositories}; derived
 * and {@code @Query} methods keep working.
 * <p>
 * For a {@link dev.reactivedata.core.mapping.SoftDeletable @SoftDeletable} entity, every read of this interface
 * and of {@link ReactiveCrudRepository} and {@link ReactiveSortingRepository} (find, exists, count, paging, scrolling, streaming) excludes deleted rows,
 * the deletes only stamp the deletion time, and {@link #restore} brings a row back. Derived and {@code @Query}
 * methods see deleted rows unless they filter them. {@code save} of a stale {@code @Version} fails with
 * {@link VersionConflictException}; {@code delete(entity)} deletes by id whatever its {@code @Version}, as
 * Spring Data's {@code SimpleR2dbcRepository} does. For an {@link dev.reactivedata.core.audit.Audited @Audited} entity, deletes,
 * {@link #restore} and the bulk writes append their {@code audit_log} entries in the same statement as the write;
 * other entities run the plain statements. Every publisher is cold.
 *
 * @param <T> the entity type
 * @param <ID> the id type
 */
@NoRepositoryBean
public interface ReactiveDataRepository<T, ID> extends ReactiveCrudRepository<T, ID>, ReactiveSortingRepository<T, ID> {

	/**
	 * Emits one page and the total, running the content and the count concurrently.
	 * @param query the filters and sort; the id is appended as the last sort key so pages are stable
	 * @param pageable the page number and size; its sort, if any, replaces the query's
	 * @return the page; an {@code InvalidQueryException} for an unknown property
	 */
	Mono<Page<T>> findPage(DataQuery query, Pageable pageable);

	/**
	 * Streams every matching row in sort order with bounded memory: rows are fetched from the server in batches
	 * as the subscriber requests them, and cancelling stops the query.
	 * @param query the filters and sort
	 * @return the rows
	 */
	Flux<T> findAll(DataQuery query);

	/**
	 * Streams every matching row in sort order like {@link #findAll(DataQuery)}, but hands each row to
	 * {@code mapper} as the driver reads it instead of building an entity: for exports that turn rows straight
	 * into output such as CSV or NDJSON lines. The row holds the entity's columns, read by column name in the
	 * driver's types (for example {@code uuid} as {@code UUID}, {@code jsonb} as {@code Json} or {@code String},
	 * {@code text[]} as {@code String[]}, {@code timestamptz} as {@code Instant}); it is valid only during the
	 * call. Rows are fetched in larger batches than {@link #findAll(DataQuery)}'s, memory stays bounded.
	 * @param <R> the element type
	 * @param query the filters and sort
	 * @param mapper turns one row into one element, never {@code null}
	 * @return the mapped rows; an {@code InvalidQueryException} for an unknown property
	 */
	<R> Flux<R> findAll(DataQuery query, BiFunction<Row, RowMetadata, R> mapper);

	/**
	 * Streams every matching row in sort order as one CSV line that PostgreSQL renders in the same statement, so
	 * the driver hands over one text value per row and nothing is decoded or formatted here: the fastest way to
	 * export rows to a file or an HTTP response. The first line is the header (the column names); each line
	 * has every column of the entity in property order and ends with a line feed. A non-null value is quoted in
	 * PostgreSQL's text form (as {@code COPY … (FORMAT csv, FORCE_QUOTE *)} writes it), {@code NULL} is an empty
	 * cell, and a text or enum value starting with {@code =}, {@code +}, {@code -} or {@code @} (after any single
	 * quotes) gets a leading single quote so spreadsheets do not run it as a formula, as {@code db export} does.
	 * @param query the filters and sort
	 * @return the header, then a line per row; an {@code InvalidQueryException} for an unknown property
	 */
	Flux<String> exportCsv(DataQuery query);

	/**
	 * Emits one keyset window: the rows after the cursor in the query's sort order (the id is appended as the last
	 * key), never with OFFSET, so a window costs the same at any depth and rows inserted meanwhile are neither
	 * skipped nor repeated. Sort keys must be non-null properties.
	 * @param query the filters and sort
	 * @param cursor the {@code nextCursor} of the previous window, or {@code null} for the first
	 * @param size the window size, at least 1
	 * @return the window; an {@code InvalidQueryException} on field {@code cursor} when the cursor was altered or
	 * belongs to another sort
	 */
	Mono<KeysetPage<T>> scroll(DataQuery query, @Nullable String cursor, int size);

	/**
	 * Counts the matching rows.
	 * @param query the filters (the sort is ignored)
	 * @return the count
	 */
	Mono<Long> count(DataQuery query);

	/**
	 * Counts the matching rows per value of a property, in one {@code GROUP BY} statement, for statistics.
	 * @param query the filters (the sort is ignored)
	 * @param property the entity property to group by
	 * @return each value (of the property's type; {@code null} for rows without one) and its count, the most
	 * frequent first, ties in value order; an {@code InvalidQueryException} on the property when the entity has no
	 * such property
	 */
	Mono<Map<@Nullable Object, Long>> countBy(DataQuery query, String property);

	/**
	 * Tells whether any row matches.
	 * @param query the filters (the sort is ignored)
	 * @return {@code true} when a row matches
	 */
	Mono<Boolean> exists(DataQuery query);

	/**
	 * Deletes a row by id (soft for a {@code @SoftDeletable} entity) and tells whether there was one to delete.
	 * @param id the id
	 * @return {@code true} when a (live) row was deleted
	 */
	Mono<Boolean> deleteIfPresent(ID id);

	/**
	 * Brings back a soft-deleted row, incrementing its {@code @Version} if it has one.
	 * @param id the id
	 * @return the restored entity, or empty when there is no deleted row with that id;
	 * {@code InvalidDataAccessApiUsageException} when the entity is not {@code @SoftDeletable}
	 */
	Mono<T> restore(ID id);

	/**
	 * Streams the soft-deleted rows that match.
	 * @param query the filters and sort
	 * @return the deleted rows; {@code InvalidDataAccessApiUsageException} when the entity is not
	 * {@code @SoftDeletable}
	 */
	Flux<T> findDeleted(DataQuery query);

	/**
	 * Loads the children of many parents in one query ({@code WHERE foreign_key IN (…)}), so listing parents with
	 * their children costs two statements, not N+1. Soft-deleted children are excluded.
	 * @param <C> the child type
	 * @param parents the parents
	 * @param childType the child entity class
	 * @param foreignKeyProperty the child property holding the parent id
	 * @param sort the order of each parent's children
	 * @return every parent id mapped to its children (an empty list for none); no statement for no parents
	 */
	<C> Mono<Map<ID, List<C>>> loadChildren(Collection<? extends T> parents, Class<C> childType, String foreignKeyProperty,
			Sort sort);

	/**
	 * Inserts many entities with one statement per chunk (see {@code BulkOperations#insertAll}).
	 * @param entities the entities, requested a chunk at a time
	 * @return the number of rows inserted
	 */
	Mono<Long> insertAll(Publisher<? extends T> entities);

	/**
	 * Updates many entities by id with one statement per chunk, checking {@code @Version}.
	 * @param entities the entities
	 * @return the number of rows updated; {@code OptimisticLockingFailureException} when a row had moved on
	 */
	Mono<Long> updateAll(Publisher<? extends T> entities);

	/**
	 * Deletes rows by id in one statement ({@code = ANY($1)}); soft for a {@code @SoftDeletable} entity.
	 * @param ids the ids
	 * @return completion
	 */
	@Override
	Mono<Void> deleteAllById(Iterable<? extends ID> ids);

}
