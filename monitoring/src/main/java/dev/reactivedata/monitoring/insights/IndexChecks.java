package dev.reactivedata.monitoring.insights;

import java.time.Clock;
import java.util.List;

import dev.reactivedata.monitoring.insights.InsightsReport.DuplicateIndex;
import dev.reactivedata.monitoring.insights.InsightsReport.InvalidIndex;
import dev.reactivedata.monitoring.insights.InsightsReport.MissingIndex;
import dev.reactivedata.monitoring.insights.InsightsReport.UnusedIndex;
import io.r2dbc.spi.Connection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static dev.reactivedata.monitoring.insights.InsightQueries.USER_SCHEMAS;
import static dev.reactivedata.monitoring.insights.InsightQueries.instant;
import static dev.reactivedata.monitoring.insights.InsightQueries.number;
import static dev.reactivedata.monitoring.insights.InsightQueries.query;
import static dev.reactivedata.monitoring.insights.InsightQueries.round;
import static dev.reactivedata.monitoring.insights.InsightQueries.text;
import static dev.reactivedata.monitoring.insights.PostgresInsights.human;

/**
 * The index checks of {@link PostgresInsights}: unused, duplicate, invalid and missing indexes, and B-tree
 * bloat.
 */
final class IndexChecks {

	private final InsightsOptions options;

	private final Clock clock;

	IndexChecks(InsightsOptions options, Clock clock) {
		this.options = options;
		this.clock = clock;
	}

	Mono<InsightCheck<UnusedIndex>> unusedIndexes(Connection connection, ReportDraft draft) {
		if (draft.youngerThan(this.options.minStatisticsAge(), this.clock.instant())) {
			return Mono.just(InsightCheck.notEnoughData(List.of(), "waiting for statistics covering "
					+ human(this.options.minStatisticsAge()) + " before calling an index unused",
					draft.age(this.clock.instant())));
		}
		return query(connection, """
				SELECT s.schemaname::text AS schema, s.relname::text AS tbl, s.indexrelname::text AS idx,
				       pg_relation_size(s.indexrelid)::bigint AS size,
				       (coalesce(t.seq_scan, 0) + coalesce(t.idx_scan, 0))::bigint AS table_scans,
				       (SELECT cj.relname::text FROM pg_index j
				        JOIN pg_class cj ON cj.oid = j.indexrelid
				        JOIN pg_stat_user_indexes sj ON sj.indexrelid = j.indexrelid
				        WHERE j.indrelid = i.indrelid AND j.indexrelid <> i.indexrelid AND i.indkey[0] <> 0
				          AND j.indkey[0] = i.indkey[0] AND sj.idx_scan > 0
				        ORDER BY sj.idx_scan DESC LIMIT 1) AS covered_by
				FROM pg_stat_user_indexes s
				JOIN pg_index i ON i.indexrelid = s.indexrelid
				JOIN pg_stat_user_tables t ON t.relid = s.relid
				WHERE s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary AND NOT i.indisexclusion
				  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = s.indexrelid)
				  AND s.relname <> ALL ($1)
				ORDER BY size DESC, idx
				LIMIT 100""",
				row -> new UnusedIndex(text(row, "schema"), text(row, "tbl"), text(row, "idx"), number(row, "size"),
						number(row, "table_scans"), row.get("covered_by", String.class)),
				(Object) toolTables())
			.map(found -> {
				List<UnusedIndex> judged = found.stream()
					.filter(index -> index.tableScans() >= this.options.unusedIndexMinTableScans())
					.toList();
				String evidence = draft.age(this.clock.instant())
						+ "; an index counts as unused only on a table read at least "
						+ this.options.unusedIndexMinTableScans() + " times"
						+ ((judged.size() < found.size()) ? "; " + (found.size() - judged.size())
								+ " never-scanned indexes are on tables read too rarely to tell" : "");
				return InsightCheck.of(judged, evidence);
			});
	}

	private String[] toolTables() {
		return this.options.toolTables().toArray(String[]::new);
	}

	Mono<List<DuplicateIndex>> duplicateIndexes(Connection connection) {
		// i is redundant when j (same table, same access method, no predicate or expression) has the same key
		// columns or starts with them; an index backing a constraint is never the one to drop.
		return query(connection, """
				SELECT n.nspname::text AS schema, t.relname::text AS tbl, ci.relname::text AS idx,
				       cj.relname::text AS covering, pg_get_indexdef(i.indexrelid)::text AS def,
				       pg_relation_size(i.indexrelid)::bigint AS size
				FROM pg_index i
				JOIN pg_index j ON j.indrelid = i.indrelid AND j.indexrelid <> i.indexrelid
				JOIN pg_class ci ON ci.oid = i.indexrelid
				JOIN pg_class cj ON cj.oid = j.indexrelid
				JOIN pg_class t ON t.oid = i.indrelid
				JOIN pg_namespace n ON n.oid = t.relnamespace
				WHERE n.nspname %s AND t.relname <> ALL ($1)
				  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
				  AND ci.relam = cj.relam AND i.indisvalid AND j.indisvalid
				  AND i.indpred IS NULL AND j.indpred IS NULL AND i.indexprs IS NULL AND j.indexprs IS NULL
				  AND (j.indkey::text = i.indkey::text OR j.indkey::text LIKE i.indkey::text || ' %%')
				  AND (
				        (j.indkey::text <> i.indkey::text AND NOT i.indisunique)
				     OR (j.indkey::text = i.indkey::text AND NOT i.indisunique AND j.indisunique)
				     OR (j.indkey::text = i.indkey::text AND i.indisunique = j.indisunique AND i.indexrelid > j.indexrelid
				         AND NOT i.indisprimary))
				ORDER BY size DESC, idx
				LIMIT 100""".formatted(USER_SCHEMAS.formatted("n.nspname")),
				row -> new DuplicateIndex(text(row, "schema"), text(row, "tbl"), text(row, "idx"), text(row, "covering"),
						text(row, "def"), number(row, "size")),
				(Object) toolTables());
	}

	Mono<List<InvalidIndex>> invalidIndexes(Connection connection) {
		return query(connection, """
				SELECT n.nspname::text AS schema, t.relname::text AS tbl, c.relname::text AS idx
				FROM pg_index i
				JOIN pg_class c ON c.oid = i.indexrelid
				JOIN pg_class t ON t.oid = i.indrelid
				JOIN pg_namespace n ON n.oid = t.relnamespace
				WHERE NOT i.indisvalid AND n.nspname %s
				ORDER BY idx""".formatted(USER_SCHEMAS.formatted("n.nspname")),
				row -> new InvalidIndex(text(row, "schema"), text(row, "tbl"), text(row, "idx")));
	}

	Mono<InsightCheck<MissingIndex>> missingIndexes(Connection connection, ReportDraft draft) {
		IndexAdvisor advisor = new IndexAdvisor(connection, draft.statementsInstalled, draft.hypopgInstalled);
		return query(connection, """
				SELECT schemaname::text AS schema, relname::text AS tbl, seq_scan::bigint AS seq,
				       coalesce(idx_scan, 0)::bigint AS idx, n_live_tup::bigint AS live
				FROM pg_stat_user_tables
				WHERE seq_scan >= $1 AND n_live_tup >= $2 AND seq_scan > coalesce(idx_scan, 0)
				ORDER BY seq_scan * n_live_tup DESC
				LIMIT 10""",
				row -> new IndexAdvisor.Candidate(text(row, "schema"), text(row, "tbl"), number(row, "seq"),
						number(row, "idx"), number(row, "live")),
				this.options.missingIndexMinSequentialScans(), this.options.missingIndexMinRows())
			.flatMapMany(Flux::fromIterable)
			.concatMap(advisor::advise)
			.collectList()
			.map(found -> InsightCheck.of(found, "tables of at least " + this.options.missingIndexMinRows()
					+ " rows read by at least " + this.options.missingIndexMinSequentialScans()
					+ " sequential scans, more than by index; " + (draft.hypopgInstalled
							? "suggestions checked with HypoPG"
							: draft.hypopgAvailable
									? "HypoPG is available but not created here (CREATE EXTENSION hypopg): suggestions are not verified"
									: "HypoPG is not installed: suggestions are not verified")));
	}

	Mono<List<InsightsReport.IndexBloat>> indexBloat(Connection connection) {
		// Expected B-tree size: rows x (8-byte tuple header + aligned key width + 4-byte line pointer) at the
		// default 90% fill factor, plus the meta page.
		return query(connection, """
				SELECT schema, tbl, idx, size, expected FROM (
				  SELECT n.nspname::text AS schema, t.relname::text AS tbl, c.relname::text AS idx,
				         pg_relation_size(c.oid)::bigint AS size,
				         (8192 + greatest(c.reltuples, 0) * (12 + 8 * ceil(coalesce((
				             SELECT sum(s.avg_width) FROM pg_attribute a
				             JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = t.relname AND s.attname = a.attname
				             WHERE a.attrelid = t.oid AND a.attnum = ANY (i.indkey)), 8) / 8.0)) / 0.9)::bigint AS expected
				  FROM pg_index i
				  JOIN pg_class c ON c.oid = i.indexrelid
				  JOIN pg_class t ON t.oid = i.indrelid
				  JOIN pg_namespace n ON n.oid = t.relnamespace
				  JOIN pg_am am ON am.oid = c.relam
				  WHERE am.amname = 'btree' AND n.nspname %s AND i.indexprs IS NULL AND c.reltuples >= 0
				) estimate
				WHERE size >= 65536 AND (size - expected)::float8 / size >= $1
				ORDER BY size - expected DESC
				LIMIT 20""".formatted(USER_SCHEMAS.formatted("n.nspname")), row -> {
					long size = number(row, "size");
					long waste = Math.max(0, size - number(row, "expected"));
					return new InsightsReport.IndexBloat(text(row, "schema"), text(row, "tbl"), text(row, "idx"), size,
							waste, round((double) waste / size));
				}, this.options.bloatDeadRatio());
	}

}
