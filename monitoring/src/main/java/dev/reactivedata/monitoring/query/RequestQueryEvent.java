package dev.reactivedata.monitoring.query;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Raised when a request scope closes and broke a rule: the same query shape ran more than the N+1
 * threshold allows ({@link Kind#N_PLUS_ONE}, once per offending shape), or the scope ran more statements than
 * its budget ({@link Kind#BUDGET_EXCEEDED}, once per scope).
 *
 * @param kind which rule
 * @param shapeId the offending shape's id, {@code null} for a budget event
 * @param sql the offending shape's normalized SQL, {@code null} for a budget event
 * @param count how many times the shape ran (N+1), or how many statements the scope ran (budget)
 * @param limit the threshold that was exceeded
 * @param correlationId the request's correlation id
 * @param label the request label, such as {@code GET /api/articles}
 * @param time when the scope closed
 */
public record RequestQueryEvent(Kind kind, @Nullable String shapeId, @Nullable String sql, int count, int limit,
		String correlationId, String label, Instant time) {

	/**
	 * The rule a request broke.
	 */
	public enum Kind {

		/** One shape ran more than the N+1 threshold times. */
		N_PLUS_ONE,

		/** The request ran more statements than its budget. */
		BUDGET_EXCEEDED

	}

}
