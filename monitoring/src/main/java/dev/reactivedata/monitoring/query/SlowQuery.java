package dev.reactivedata.monitoring.query;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One statement that took at least the slow-query threshold, from its start until its results were consumed.
 *
 * @param shapeId the id of its query shape
 * @param sql the normalized SQL of its shape (no literal values)
 * @param durationMs how long it took, in milliseconds
 * @param rows rows it returned (or, for DML without {@code RETURNING}, rows it updated)
 * @param success whether it completed without error
 * @param time when it finished
 * @param correlationId the correlation id of the request it ran in, {@code null} outside a request scope
 */
public record SlowQuery(String shapeId, String sql, double durationMs, long rows, boolean success, Instant time,
		@Nullable String correlationId) {
}
