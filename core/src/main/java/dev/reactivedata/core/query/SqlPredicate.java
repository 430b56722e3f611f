package dev.reactivedata.core.query;

import java.util.List;
import java.util.Objects;

/**
 * A PostgreSQL predicate that Spring Data's {@code Criteria} cannot express. The repository renders it with
 * the property's mapped column and bind markers; the values are always bound, never concatenated.
 */
public sealed interface SqlPredicate permits SqlPredicate.TextMatch, SqlPredicate.ArrayContains {

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

}
