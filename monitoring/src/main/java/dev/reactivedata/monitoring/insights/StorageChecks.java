package dev.reactivedata.monitoring.insights;

import java.time.Clock;
import java.util.List;

import dev.reactivedata.monitoring.insights.InsightsReport.SequenceUsage;
import dev.reactivedata.monitoring.insights.InsightsReport.Sizes;
import dev.reactivedata.monitoring.insights.InsightsReport.TableBloat;
import dev.reactivedata.monitoring.insights.InsightsReport.TableGrowth;
import dev.reactivedata.monitoring.insights.InsightsReport.TableSize;
import dev.reactivedata.monitoring.insights.InsightsReport.VacuumStatus;
import dev.reactivedata.monitoring.insights.InsightsReport.Wraparound;
import io.r2dbc.spi.Connection;
import reactor.core.publisher.Mono;

import static dev.reactivedata.monitoring.insights.InsightQueries.USER_SCHEMAS;
import static dev.reactivedata.monitoring.insights.InsightQueries.instant;
import static dev.reactivedata.monitoring.insights.InsightQueries.integer;
import static dev.reactivedata.monitoring.insights.InsightQueries.number;
import static dev.reactivedata.monitoring.insights.InsightQueries.query;
import static dev.reactivedata.monitoring.insights.InsightQueries.round;
import static dev.reactivedata.monitoring.insights.InsightQueries.text;
import static dev.reactivedata.monitoring.insights.PostgresInsights.bytes;

/**
 * The space and vacuum checks of {@link PostgresInsights}: table bloat, sizes and their growth, vacuum,
 * transaction ID wraparound and sequences running out.
 */
final class StorageChecks {

	private static final long XID_LIMIT = 2_146_483_648L;

	private final InsightsOptions options;

	private final Clock clock;

	private final ReportHistory history;

	StorageChecks(InsightsOptions options, Clock clock, ReportHistory history) {
		this.options = options;
		this.clock = clock;
		this.history = history;
	}

	Mono<InsightCheck<TableBloat>> tableBloat(Connection connection) {
		// Expected heap size: live rows x (aligned 24-byte tuple header + aligned data width from pg_stats
		// + 4-byte line pointer), packed to the fill factor in 8 KiB pages with a 24-byte page header.
		return query(connection, """
				SELECT s.schemaname::text AS schema, s.relname::text AS tbl, s.n_live_tup::bigint AS live,
				       s.n_dead_tup::bigint AS dead, pg_relation_size(s.relid)::bigint AS size,
				       (SELECT sum(st.avg_width) FROM pg_stats st
				        WHERE st.schemaname = s.schemaname AND st.tablename = s.relname)::bigint AS width,
				       coalesce((SELECT (regexp_match(array_to_string(c.reloptions, ','), 'fillfactor=(\\d+)'))[1]::int),
				                100) AS fillfactor
				FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
				ORDER BY size DESC
				LIMIT 200""", row -> {
					long live = number(row, "live");
					long dead = number(row, "dead");
					long size = number(row, "size");
					Long width = row.get("width", Long.class);
					double deadRatio = (live + dead > 0) ? (double) dead / (live + dead) : 0;
					if (width == null) {
						return new TableBloat(text(row, "schema"), text(row, "tbl"), live, dead, round(deadRatio), size,
								-1, -1);
					}
					long tuple = 24 + align8(width) + 4;
					long perPage = Math.max(1, (8192 - 24) * integer(row, "fillfactor") / 100 / tuple);
					long expected = ((live + perPage - 1) / perPage) * 8192;
					long waste = Math.max(0, size - expected);
					return new TableBloat(text(row, "schema"), text(row, "tbl"), live, dead, round(deadRatio), size,
							waste, (size > 0) ? round((double) waste / size) : 0);
				})
			.map(tables -> {
				List<TableBloat> large = tables.stream()
					.filter(table -> table.tableBytes() >= this.options.bloatMinTableBytes())
					.toList();
				List<String> unanalyzed = large.stream().filter(table -> table.wasteRatio() < 0)
					.map(table -> table.schema() + "." + table.table()).toList();
				List<TableBloat> bloated = large.stream()
					.filter(table -> table.wasteRatio() >= this.options.bloatDeadRatio()
							|| table.deadRatio() >= this.options.bloatDeadRatio())
					.toList();
				String evidence = large.size() + " tables of at least " + bytes(this.options.bloatMinTableBytes())
						+ " judged, " + (tables.size() - large.size()) + " smaller ones not";
				if (large.isEmpty()) {
					return InsightCheck.<TableBloat>notEnoughData(List.of(), "waiting for a table of at least "
							+ bytes(this.options.bloatMinTableBytes()) + "; smaller tables are not worth judging", evidence);
				}
				if (bloated.isEmpty() && !unanalyzed.isEmpty()) {
					return InsightCheck.<TableBloat>notEnoughData(List.of(), "waiting for ANALYZE of " + unanalyzed
							+ " (the estimate needs the average row width from pg_stats)", evidence);
				}
				return InsightCheck.of(bloated, evidence);
			});
	}

	private static long align8(long width) {
		return (width + 7) / 8 * 8;
	}

	Mono<List<Sizes>> sizes(Connection connection) {
		return query(connection, "SELECT pg_database_size(current_database())::bigint AS size",
				row -> number(row, "size"))
			.flatMap(database -> query(connection, """
					SELECT schemaname::text AS schema, relname::text AS tbl,
					       pg_total_relation_size(relid)::bigint AS total, pg_indexes_size(relid)::bigint AS indexes,
					       n_live_tup::bigint AS live
					FROM pg_stat_user_tables ORDER BY total DESC, tbl LIMIT 20""",
					row -> new TableSize(text(row, "schema"), text(row, "tbl"), number(row, "total"),
							number(row, "indexes"), number(row, "live")))
				.map(tables -> List.of(new Sizes(database.isEmpty() ? 0 : database.get(0), tables))));
	}

	Mono<InsightCheck<TableGrowth>> growth(ReportDraft draft) {
		return Mono.fromSupplier(() -> {
			List<TableSize> tables = draft.sizes.findings().isEmpty() ? List.of()
					: draft.sizes.findings().get(0).largestTables();
			List<TableGrowth> growth = this.history.growth(this.clock.instant(), tables);
			String evidence = "sizes of the largest tables at each report, kept in memory (up to "
					+ ReportHistory.MAX_SIZE_SAMPLES + " per table)";
			return growth.isEmpty()
					? InsightCheck.notEnoughData(growth, "waiting for a second report to compare sizes with", evidence)
					: new InsightCheck<>(InsightCheck.Status.OK, growth, null, evidence);
		});
	}

	Mono<List<VacuumStatus>> vacuum(Connection connection) {
		return query(connection, """
				SELECT schemaname::text AS schema, relname::text AS tbl, n_dead_tup::bigint AS dead,
				       n_mod_since_analyze::bigint AS modified,
				       greatest(last_vacuum, last_autovacuum) AS vacuumed,
				       greatest(last_analyze, last_autoanalyze) AS analyzed
				FROM pg_stat_user_tables ORDER BY n_dead_tup DESC, tbl LIMIT 50""",
				row -> new VacuumStatus(text(row, "schema"), text(row, "tbl"), number(row, "dead"),
						number(row, "modified"), instant(row, "vacuumed"), instant(row, "analyzed")));
	}

	Mono<List<Wraparound>> wraparound(Connection connection) {
		long threshold = this.options.wraparoundRemaining();
		return query(connection, """
				(SELECT datname::text AS relation, age(datfrozenxid)::bigint AS age
				 FROM pg_database WHERE datname = current_database())
				UNION ALL
				(SELECT c.oid::regclass::text, age(c.relfrozenxid)::bigint
				 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				 WHERE c.relkind IN ('r', 'm') AND n.nspname %s
				 ORDER BY 2 DESC LIMIT 5)""".formatted(USER_SCHEMAS.formatted("n.nspname")),
				row -> {
					long age = number(row, "age");
					long remaining = XID_LIMIT - age;
					return new Wraparound(text(row, "relation"), age, remaining, remaining < threshold);
				});
	}

	Mono<List<SequenceUsage>> sequences(Connection connection) {
		return query(connection, """
				SELECT schemaname::text AS schema, sequencename::text AS seq, last_value::bigint AS last,
				       max_value::bigint AS max
				FROM pg_sequences
				WHERE last_value IS NOT NULL AND increment_by > 0
				  AND last_value::float8 / max_value >= $1
				ORDER BY last_value::float8 / max_value DESC
				LIMIT 50""", row -> {
					long last = number(row, "last");
					long max = number(row, "max");
					return new SequenceUsage(text(row, "schema"), text(row, "seq"), last, max, round((double) last / max));
				}, this.options.sequenceUsedRatio());
	}

}
