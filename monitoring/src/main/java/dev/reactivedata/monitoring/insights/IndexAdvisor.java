package dev.reactivedata.monitoring.insights;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.reactivedata.monitoring.insights.InsightsReport.MissingIndex;
import io.r2dbc.spi.Connection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static dev.reactivedata.monitoring.insights.InsightQueries.explain;
import static dev.reactivedata.monitoring.insights.InsightQueries.query;
import static dev.reactivedata.monitoring.insights.InsightQueries.text;
import static dev.reactivedata.monitoring.insights.InsightQueries.totalCost;

/**
 * Turns a table read by many sequential scans into an index suggestion, Dexter-style: the columns come from the
 * filters of the table's statements in {@code pg_stat_statements} (the shapes with the most total time win),
 * and, where HypoPG is installed, the suggestion is proven by the planner: the cost of a representative
 * statement without the index and with a hypothetical one ({@code hypopg_create_index}, never built).
 */
final class IndexAdvisor {

	private static final Log logger = LogFactory.getLog(IndexAdvisor.class);

	private static final int CANDIDATES = 3;

	private final Connection connection;

	private final boolean statementsInstalled;

	private final boolean hypopgInstalled;

	IndexAdvisor(Connection connection, boolean statementsInstalled, boolean hypopgInstalled) {
		this.connection = connection;
		this.statementsInstalled = statementsInstalled;
		this.hypopgInstalled = hypopgInstalled;
	}

	/** A table read mostly by sequential scans. */
	record Candidate(String schema, String table, long sequentialScans, long indexScans, long liveRows) {
	}

	Mono<MissingIndex> advise(Candidate candidate) {
		if (!this.statementsInstalled) {
			return Mono.just(finding(candidate, List.of(), null, null, null, null,
					"not verified: pg_stat_statements is not installed, so no statement names the columns to index"));
		}
		return columns(candidate).flatMap(columns -> statements(candidate).flatMap(statements -> {
			Map<List<String>, Double> timeByColumns = new HashMap<>();
			Map<List<String>, String> shapeByColumns = new HashMap<>();
			for (Map.Entry<String, Double> statement : statements.entrySet()) {
				List<String> indexColumns = StatementFilters.indexColumns(statement.getKey(), candidate.table(), columns);
				if (!indexColumns.isEmpty()) {
					timeByColumns.merge(indexColumns, statement.getValue(), Double::sum);
					shapeByColumns.putIfAbsent(indexColumns, statement.getKey());
				}
			}
			if (timeByColumns.isEmpty()) {
				return Mono.just(finding(candidate, List.of(), null, null, null, null,
						"not verified: no statement in pg_stat_statements filters this table by its columns"));
			}
			// The shapes with the most time first; with HypoPG the best verified of the first few wins.
			List<List<String>> ranked = timeByColumns.entrySet().stream()
				.sorted(Map.Entry.<List<String>, Double>comparingByValue().reversed())
				.map(Map.Entry::getKey)
				.limit(this.hypopgInstalled ? CANDIDATES : 1)
				.toList();
			return Flux.fromIterable(ranked)
				.concatMap(shapeColumns -> suggest(candidate, shapeColumns, shapeByColumns.get(shapeColumns)))
				.collectList()
				.map(IndexAdvisor::best);
		})).onErrorResume(ex -> {
			logger.warn("Could not work out an index for " + candidate.schema() + "." + candidate.table() + ": "
					+ ex.getMessage());
			return Mono.just(finding(candidate, List.of(), null, null, null, null, "not verified: " + ex.getMessage()));
		});
	}

	private Mono<MissingIndex> suggest(Candidate candidate, List<String> columns, String shape) {
		return existingPrefix(candidate, columns).flatMap(existing -> {
			if (!existing.isEmpty()) {
				return Mono.just(finding(candidate, columns, null, shape, null, null, "no new index: " + existing.get(0)
						+ " already starts with these columns; the planner chose sequential scans anyway"));
			}
			String createIndex = "CREATE INDEX CONCURRENTLY ON " + qualified(candidate) + " ("
					+ columns.stream().map(IndexAdvisor::quote).collect(Collectors.joining(", ")) + ")";
			if (!this.hypopgInstalled) {
				return Mono.just(finding(candidate, columns, createIndex, shape, null, null,
						"not verified: HypoPG is not created in this database (CREATE EXTENSION hypopg; on "
								+ "Debian the package postgresql-<version>-hypopg provides it)"));
			}
			return verify(candidate, columns, createIndex, shape);
		});
	}

	/** The verified suggestion that saves the largest share of cost, else the first (most time) one. */
	private static MissingIndex best(List<MissingIndex> suggestions) {
		return suggestions.stream()
			.filter(MissingIndex::verified)
			.max(Comparator.comparingDouble(m -> 1 - m.costAfter() / m.costBefore()))
			.orElse(suggestions.get(0));
	}

	private Mono<MissingIndex> verify(Candidate candidate, List<String> columns, String createIndex, String shape) {
		return literals(this.connection, List.of(candidate.table()), columns).flatMap(literals -> {
			List<String> conditions = new ArrayList<>();
			for (int i = 0; i < columns.size(); i++) {
				Literal literal = literals.get(columns.get(i));
				if (literal == null) {
					return Mono.just(finding(candidate, columns, createIndex, shape, null, null, "not verified: column "
							+ columns.get(i) + " has no statistics yet (ANALYZE " + qualified(candidate) + ")"));
				}
				boolean range = i == columns.size() - 1 && literal.high() != null
						&& StatementFilters.predicates(shape).stream()
							.noneMatch(p -> p.column().equals(literal.column())
									&& p.kind() == StatementFilters.Kind.EQUALITY);
				conditions.add(quote(literal.column()) + (range ? " >= " + literal.high() : " = " + literal.common()));
			}
			String representative = "SELECT * FROM " + qualified(candidate) + " WHERE " + String.join(" AND ", conditions);
			String hypothetical = createIndex.replace("CREATE INDEX CONCURRENTLY", "CREATE INDEX");
			return explain(this.connection, representative).flatMap(before -> Mono.usingWhen(
					query(this.connection, "SELECT indexrelid::bigint AS id FROM hypopg_create_index($1)",
							row -> row.get("id", Long.class), hypothetical),
					created -> explain(this.connection, representative),
					created -> query(this.connection, "SELECT hypopg_reset()", row -> 1))
				.map(after -> {
					Double costBefore = totalCost(before);
					Double costAfter = totalCost(after);
					boolean helps = costBefore != null && costAfter != null && costAfter < costBefore;
					String verification = String.format(Locale.ROOT, helps
							? "verified with HypoPG: EXPLAIN %s costs %.1f, %.1f with the index"
							: "refuted by HypoPG: EXPLAIN %s costs %.1f, %.1f with the index; the planner would not use it",
							representative, costBefore, costAfter);
					return finding(candidate, columns, createIndex, shape, costBefore, costAfter, verification);
				}));
		});
	}

	private Mono<Set<String>> columns(Candidate candidate) {
		return query(this.connection, """
				SELECT a.attname::text AS name FROM pg_attribute a
				JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped""",
				row -> text(row, "name").toLowerCase(Locale.ROOT), candidate.schema(), candidate.table())
			.map(HashSet::new);
	}

	private Mono<Map<String, Double>> statements(Candidate candidate) {
		return query(this.connection, """
				SELECT s.query::text AS query, sum(s.total_exec_time)::float8 AS total_ms
				FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
				WHERE d.datname = current_database() AND s.query ILIKE '%' || $1 || '%'
				  AND s.query !~* '^\\s*(EXPLAIN|CREATE|ALTER|DROP|VACUUM|ANALYZE)'
				GROUP BY s.query ORDER BY total_ms DESC LIMIT 50""",
				row -> Map.entry(text(row, "query"), InsightQueries.decimal(row, "total_ms")), candidate.table())
			.map(entries -> entries.stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
	}

	private Mono<List<String>> existingPrefix(Candidate candidate, List<String> columns) {
		return query(this.connection, """
				SELECT ci.relname::text AS idx,
				       array_to_string(array(SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
				                             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
				                             ORDER BY k.ord), ',')::text AS cols
				FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid
				JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
				WHERE n.nspname = $1 AND t.relname = $2 AND i.indisvalid AND i.indpred IS NULL""",
				row -> Map.entry(text(row, "idx"), text(row, "cols").toLowerCase(Locale.ROOT)), candidate.schema(),
				candidate.table())
			.map(indexes -> {
				String wanted = String.join(",", columns);
				return indexes.stream()
					.filter(index -> index.getValue().equals(wanted) || index.getValue().startsWith(wanted + ","))
					.map(Map.Entry::getKey)
					.toList();
			});
	}

	/**
	 * A column's representative values from {@code pg_stats}, as quoted literals.
	 * @param column the column
	 * @param common its most common value, else the median of its histogram
	 * @param high the 90th percentile of its histogram, {@code null} without one
	 */
	record Literal(String column, String common, @Nullable String high) {
	}

	static Mono<Map<String, Literal>> literals(Connection connection, List<String> tables, List<String> columns) {
		if (tables.isEmpty() || columns.isEmpty()) {
			return Mono.just(Map.of());
		}
		return query(connection, """
				SELECT attname::text AS col,
				       quote_literal(coalesce((most_common_vals::text::text[])[1],
				           (histogram_bounds::text::text[])[greatest(1, array_length(histogram_bounds::text::text[], 1) / 2)]))::text AS common,
				       quote_literal((histogram_bounds::text::text[])[greatest(1, array_length(histogram_bounds::text::text[], 1) * 9 / 10)])::text AS high
				FROM pg_stats
				WHERE schemaname %s AND tablename = ANY($1) AND attname = ANY($2)""".formatted(
				InsightQueries.USER_SCHEMAS.formatted("schemaname")),
				row -> new Literal(text(row, "col"), text(row, "common"), row.get("high", String.class)),
				tables.toArray(String[]::new), columns.toArray(String[]::new))
			.map(found -> {
				Map<String, Literal> byColumn = new HashMap<>();
				for (Literal literal : found) {
					if (!literal.common().isEmpty()) {
						byColumn.putIfAbsent(literal.column().toLowerCase(Locale.ROOT), literal);
					}
				}
				return byColumn;
			});
	}

	private static MissingIndex finding(Candidate candidate, List<String> columns, @Nullable String createIndex,
			@Nullable String shape, @Nullable Double costBefore,
			@Nullable Double costAfter, String verification) {
		return new MissingIndex(candidate.schema(), candidate.table(), candidate.sequentialScans(),
				candidate.indexScans(), candidate.liveRows(), List.copyOf(columns), createIndex, shape, costBefore,
				costAfter, verification);
	}

	private static String qualified(Candidate candidate) {
		return quote(candidate.schema()) + "." + quote(candidate.table());
	}

	static String quote(String name) {
		return "\"" + name.replace("\"", "\"\"") + "\"";
	}

}
