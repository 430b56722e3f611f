package dev.reactivedata.core.query;

import java.util.Locale;
import java.util.Optional;

/**
 * A comparison a {@link QuerySpec} field may allow, written {@code field[op]=value} in a request.
 */
public enum Operator {

	/** Equal. */
	EQ,

	/** Not equal. */
	NE,

	/** Greater than. */
	GT,

	/** Greater than or equal. */
	GTE,

	/** Less than. */
	LT,

	/** Less than or equal. */
	LTE,

	/** One of comma-separated values. */
	IN,

	/** An array property holds every value. */
	CONTAINS,

	/** Full-text match on a tsvector property. */
	MATCH;

	/**
	 * Parses the lower-case operator token of a request.
	 * @param token such as {@code gte}
	 * @return the operator, or empty when unknown
	 */
	public static Optional<Operator> fromToken(String token) {
		for (Operator operator : values()) {
			if (operator.token().equals(token)) {
				return Optional.of(operator);
			}
		}
		return Optional.empty();
	}

	/** @return the request token, such as {@code gte} */
	public String token() {
		return name().toLowerCase(Locale.ROOT);
	}

}
