package dev.reactivedata.monitoring.insights;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs the insights' statements on one connection and reads their columns.
 */
final class InsightQueries {

	static final String USER_SCHEMAS = "NOT IN ('pg_catalog', 'information_schema') AND %s NOT LIKE 'pg_toast%%'";

	private static final Pattern TOTAL_COST = Pattern.compile("cost=[0-9.]+\\.\\.([0-9.]+)");

	private InsightQueries() {
	}

	static <T> Mono<List<T>> query(Connection connection, String sql, Function<Row, T> mapper, Object... bindings) {
		return Mono.defer(() -> {
			Statement statement = connection.createStatement(sql);
			for (int i = 0; i < bindings.length; i++) {
				statement.bind(i, bindings[i]);
			}
			BiFunction<Row, RowMetadata, T> rowMapper = (row, metadata) -> mapper.apply(row);
			return Flux.from(statement.execute()).concatMap(result -> result.map(rowMapper)).collectList();
		});
	}

	/**
	 * Runs {@code EXPLAIN} (never ANALYZE: nothing is executed) of a statement without parameters.
	 * @return the plan, one line per row
	 */
	static Mono<String> explain(Connection connection, String sql) {
		return query(connection, "EXPLAIN " + sql, row -> text(row, "QUERY PLAN")).map(lines -> String.join("\n", lines));
	}

	/** @return the top node's total cost of a text plan, {@code null} when absent */
	static @Nullable Double totalCost(String plan) {
		Matcher matcher = TOTAL_COST.matcher(plan);
		return matcher.find() ? Double.valueOf(matcher.group(1)) : null;
	}

	static String text(Row row, String column) {
		String value = row.get(column, String.class);
		return (value != null) ? value : "";
	}

	static long number(Row row, String column) {
		Long value = row.get(column, Long.class);
		return (value != null) ? value : 0L;
	}

	static int integer(Row row, String column) {
		Integer value = row.get(column, Integer.class);
		return (value != null) ? value : 0;
	}

	static double decimal(Row row, String column) {
		Double value = row.get(column, Double.class);
		return (value != null) ? round(value) : 0.0;
	}

	static @Nullable Instant instant(Row row, String column) {
		OffsetDateTime value = row.get(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	static double round(double value) {
		return Math.round(value * 1000.0) / 1000.0;
	}

	static @Nullable Double roundOrNull(@Nullable Double value) {
		return (value != null) ? round(value) : null;
	}

}
