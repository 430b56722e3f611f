package dev.reactivedata.monitoring.insights;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.reactivedata.monitoring.insights.InsightsReport.TopQuery;
import io.r2dbc.spi.Connection;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Adds a plan to a {@code pg_stat_statements} entry: {@code EXPLAIN} (never ANALYZE) of a representative
 * statement, its parameters replaced by values from {@code pg_stats}. PostgreSQL 16's
 * {@code EXPLAIN (GENERIC_PLAN)} is not used: where not every parameter gets a value, the entry says so.
 */
final class QueryPlans {

	private static final Pattern PLANNABLE = Pattern.compile("(?is)^\\s*(SELECT|WITH|UPDATE|DELETE|INSERT|VALUES|TABLE)\\b.*");

	private final Connection connection;

	private final int serverVersion;

	QueryPlans(Connection connection, int serverVersion) {
		this.connection = connection;
		this.serverVersion = serverVersion;
	}

	Mono<TopQuery> withPlan(TopQuery query) {
		String sql = query.query();
		if (!PLANNABLE.matcher(sql).matches()) {
			return Mono.just(with(query, null, "no plan: not a plannable statement"));
		}
		if (!StatementFilters.parameterized(sql)) {
			return explain(query, sql, "EXPLAIN of the statement as recorded");
		}
		List<String> tables = StatementFilters.tables(sql).stream().map(StatementFilters.TableReference::name)
			.distinct().toList();
		List<String> columns = StatementFilters.predicates(sql).stream().map(StatementFilters.Predicate::column)
			.distinct().toList();
		return IndexAdvisor.literals(this.connection, tables, columns).flatMap(literals -> {
			Map<String, String> values = new HashMap<>();
			literals.forEach((column, literal) -> values.put(column, literal.common()));
			String representative = StatementFilters.withLiterals(sql, values);
			if (representative == null) {
				return Mono.just(with(query, null, (this.serverVersion >= 160000)
						? "no plan: not every parameter could be given a representative value from pg_stats, "
								+ "and EXPLAIN (GENERIC_PLAN) is not used"
						: "no plan: not every parameter could be given a representative value from pg_stats; a "
								+ "generic plan of a parameterized statement (EXPLAIN (GENERIC_PLAN)) needs PostgreSQL 16"));
			}
			return explain(query, representative, "EXPLAIN of a representative statement, parameters from pg_stats: "
					+ representative);
		});
	}

	private Mono<TopQuery> explain(TopQuery query, String sql, String note) {
		return InsightQueries.explain(this.connection, sql)
			.map(plan -> with(query, plan, note))
			.onErrorResume(ex -> Mono.just(with(query, null, "no plan: EXPLAIN failed: " + ex.getMessage())));
	}

	private static TopQuery with(TopQuery query, @Nullable String plan, String note) {
		return new TopQuery(query.query(), query.calls(), query.totalMs(), query.meanMs(), query.rows(), plan,
				Objects.requireNonNull(note));
	}

}
