package dev.reactivedata.core.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL predicate that Spring Data's {@code Criteria} cannot express. The repository renders it with
 * the property's mapped column and bind markers; the values are always bound, never concatenated.
 */
public sealed interface SqlPredicate
		permits SqlPredicate.TextMatch, SqlPredicate.ArrayContains, SqlPredicate.JsonContains, SqlPredicate.JsonEqualsAny {

	/**
	 * The entity property the predicate applies to, or the plain lower-case name of an unmapped column (a
	 * generated {@code tsvector} column usually is not mapped).
	 * @return the property or column name
	 */
	String property();

	/**
	 * Full-text match of a {@code tsvector} property: {@code column @@ websearch_to_tsquery(config, text)}.
	 *
	 * @param property the tsvector property
	 * @param config the text search configuration, such as {@code english}
	 * @param text the search text in web-search syntax
	 */
	record TextMatch(String property, String config, String text) implements SqlPredicate {

		/**
		 * Validates the components.
		 * @param property the tsvector property
		 * @param config the text search configuration
		 * @param text the search text
		 */
		public TextMatch {
			Objects.requireNonNull(property, "property must not be null");
			Objects.requireNonNull(config, "config must not be null");
			Objects.requireNonNull(text, "text must not be null");
		}

	}

	/**
	 * Array containment: {@code column @> ARRAY[values]}, true when the array property holds every value.
	 *
	 * @param property the array property
	 * @param values the values that must all be present (strings)
	 */
	record ArrayContains(String property, List<String> values) implements SqlPredicate {

		/**
		 * Validates the components and copies the values.
		 * @param property the array property
		 * @param values the values
		 */
		public ArrayContains {
			Objects.requireNonNull(property, "property must not be null");
			values = List.copyOf(values);
		}

	}

	/**
	 * jsonb containment of top-level entries: {@code column @> jsonb_build_object(key, value, …)}, true when the
	 * jsonb property holds every key with an equal value. Keys and values are bound parameters; a GIN index on the
	 * column ({@code jsonb_path_ops} or the default {@code jsonb_ops}) serves it.
	 *
	 * @param property the jsonb property
	 * @param entries the keys and their values: strings, booleans or numbers, compared as JSON values (the string
	 * {@code "3"} does not equal the number {@code 3})
	 */
	record JsonContains(String property, Map<String, Object> entries) implements SqlPredicate {

		/**
		 * Validates the components and copies the entries in order.
		 * @param property the jsonb property
		 * @param entries the keys and values, at least one
		 * @throws IllegalArgumentException for no entries, an empty key or a value that is not a string, boolean or
		 * number
		 */
		public JsonContains {
			Objects.requireNonNull(property, "property must not be null");
			Objects.requireNonNull(entries, "entries must not be null");
			if (entries.isEmpty()) {
				throw new IllegalArgumentException("entries must not be empty");
			}
			Map<String, Object> copy = new LinkedHashMap<>();
			entries.forEach((key, value) -> {
				if (key == null || key.isEmpty()) {
					throw new IllegalArgumentException("keys must not be empty");
				}
				copy.put(key, jsonScalar(key, value));
			});
			entries = Collections.unmodifiableMap(copy);
		}

	}

	/**
	 * jsonb equality of one top-level key with any of several values:
	 * {@code (column @> jsonb_build_object(key, value1) OR column @> jsonb_build_object(key, value2) …)}, each
	 * alternative a containment that a GIN index on the column serves (the plan ORs their bitmaps). Keys and values
	 * are bound parameters.
	 *
	 * @param property the jsonb property
	 * @param key the top-level key
	 * @param values the values, at least one: strings, booleans or numbers, compared as JSON values
	 */
	record JsonEqualsAny(String property, String key, List<Object> values) implements SqlPredicate {

		/**
		 * Validates the components and copies the values in order.
		 * @param property the jsonb property
		 * @param key the top-level key, not empty
		 * @param values the values, at least one
		 * @throws IllegalArgumentException for an empty key, no values or a value that is not a string, boolean or
		 * number
		 */
		public JsonEqualsAny {
			Objects.requireNonNull(property, "property must not be null");
			Objects.requireNonNull(key, "key must not be null");
			Objects.requireNonNull(values, "values must not be null");
			if (key.isEmpty()) {
				throw new IllegalArgumentException("key must not be empty");
			}
			if (values.isEmpty()) {
				throw new IllegalArgumentException("values must not be empty");
			}
			values = values.stream().map(value -> jsonScalar(key, value)).toList();
		}

	}

	private static Object jsonScalar(String key, @Nullable Object value) {
		if (!(value instanceof String || value instanceof Boolean || value instanceof Integer || value instanceof Long
				|| value instanceof Short || value instanceof BigInteger || value instanceof BigDecimal
				|| value instanceof Double || value instanceof Float)) {
			throw new IllegalArgumentException("value of key '" + key + "' must be a string, boolean or number, was "
					+ ((value != null) ? value.getClass().getName() : "null"));
		}
		return value;
	}

}
