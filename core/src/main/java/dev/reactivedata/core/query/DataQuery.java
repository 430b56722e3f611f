package dev.reactivedata.core.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.Criteria;

/**
 * An immutable query over one entity: Spring Data {@link Criteria} on properties, PostgreSQL
 * {@link SqlPredicate}s (full text, array containment, jsonb containment) and a {@link Sort}. Paging is passed
 * separately.
 */
public final class DataQuery {

	private static final DataQuery ALL = new DataQuery(Criteria.empty(), List.of(), Sort.unsorted());

	private final Criteria criteria;

	private final List<SqlPredicate> predicates;

	private final Sort sort;

	private DataQuery(Criteria criteria, List<SqlPredicate> predicates, Sort sort) {
		this.criteria = criteria;
		this.predicates = List.copyOf(predicates);
		this.sort = sort;
	}

	/** @return a query for every row, unsorted */
	public static DataQuery all() {
		return ALL;
	}

	/**
	 * Starts a query from criteria on entity properties.
	 * @param criteria the criteria
	 * @return the query
	 */
	public static DataQuery where(Criteria criteria) {
		return new DataQuery(Objects.requireNonNull(criteria, "criteria must not be null"), List.of(), Sort.unsorted());
	}

	/**
	 * Returns a copy that also requires a PostgreSQL predicate.
	 * @param predicate the predicate
	 * @return the new query
	 */
	public DataQuery and(SqlPredicate predicate) {
		Objects.requireNonNull(predicate, "predicate must not be null");
		List<SqlPredicate> all = new ArrayList<>(this.predicates);
		all.add(predicate);
		return new DataQuery(this.criteria, all, this.sort);
	}

	/**
	 * Returns a copy that also matches {@code text} against a {@code tsvector} property with the
	 * {@code english} configuration.
	 * @param property the tsvector property
	 * @param text web-search syntax text
	 * @return the new query
	 */
	public DataQuery textSearch(String property, String text) {
		return and(new SqlPredicate.TextMatch(property, "english", text));
	}

	/**
	 * Returns a copy that also requires an array property to contain every value.
	 * @param property the array property
	 * @param values the values
	 * @return the new query
	 */
	public DataQuery arrayContains(String property, List<String> values) {
		return and(new SqlPredicate.ArrayContains(property, values));
	}

	/**
	 * Returns a copy that also requires a jsonb property to contain these top-level entries
	 * ({@code column @> jsonb_build_object(…)}, keys and values bound).
	 * @param property the jsonb property
	 * @param entries the keys and their values (strings, booleans or numbers), at least one
	 * @return the new query; an {@code InvalidQueryException} on the property when the query runs if the entity has
	 * no such property
	 */
	public DataQuery jsonContains(String property, Map<String, ?> entries) {
		return and(new SqlPredicate.JsonContains(property, new LinkedHashMap<String, Object>(entries)));
	}

	/**
	 * Returns a copy that also requires a top-level key of a jsonb property to hold a value, as
	 * {@code column @> '{"key": value}'} with the key and value bound.
	 * @param property the jsonb property
	 * @param key the top-level key
	 * @param value a string, boolean or number
	 * @return the new query
	 */
	public DataQuery jsonEquals(String property, String key, Object value) {
		Objects.requireNonNull(key, "key must not be null");
		Objects.requireNonNull(value, "value must not be null");
		return and(new SqlPredicate.JsonContains(property, Map.of(key, value)));
	}

	/**
	 * Returns a copy that also requires a top-level key of a jsonb property to hold one of several values, as
	 * {@code (column @> '{"key": value1}' OR column @> '{"key": value2}' …)} with the key and values bound.
	 * @param property the jsonb property
	 * @param key the top-level key
	 * @param values strings, booleans or numbers, at least one
	 * @return the new query
	 */
	public DataQuery jsonEqualsAny(String property, String key, List<?> values) {
		return and(new SqlPredicate.JsonEqualsAny(property, key,
				new ArrayList<Object>(Objects.requireNonNull(values, "values must not be null"))));
	}

	/**
	 * Returns a copy with the given sort.
	 * @param sort the sort, on entity properties
	 * @return the new query
	 */
	public DataQuery sort(Sort sort) {
		return new DataQuery(this.criteria, this.predicates, Objects.requireNonNull(sort, "sort must not be null"));
	}

	/** @return the criteria on entity properties, possibly empty */
	public Criteria criteria() {
		return this.criteria;
	}

	/** @return the PostgreSQL predicates, possibly empty */
	public List<SqlPredicate> predicates() {
		return this.predicates;
	}

	/** @return the sort, possibly unsorted */
	public Sort sort() {
		return this.sort;
	}

	@Override
	public String toString() {
		return "DataQuery[criteria=" + this.criteria + ", predicates=" + this.predicates + ", sort=" + this.sort + "]";
	}

}
