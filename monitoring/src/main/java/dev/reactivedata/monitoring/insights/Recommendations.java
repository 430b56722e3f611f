package dev.reactivedata.monitoring.insights;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.reactivedata.monitoring.insights.InsightsReport.BlockingQuery;
import dev.reactivedata.monitoring.insights.InsightsReport.CacheHitRatio;
import dev.reactivedata.monitoring.insights.InsightsReport.Connections;
import dev.reactivedata.monitoring.insights.InsightsReport.Deadlocks;
import dev.reactivedata.monitoring.insights.InsightsReport.DuplicateIndex;
import dev.reactivedata.monitoring.insights.InsightsReport.InvalidIndex;
import dev.reactivedata.monitoring.insights.InsightsReport.LongRunningQuery;
import dev.reactivedata.monitoring.insights.InsightsReport.MissingIndex;
import dev.reactivedata.monitoring.insights.InsightsReport.Recommendation;
import dev.reactivedata.monitoring.insights.InsightsReport.SequenceUsage;
import dev.reactivedata.monitoring.insights.InsightsReport.TableBloat;
import dev.reactivedata.monitoring.insights.InsightsReport.UnusedIndex;
import dev.reactivedata.monitoring.insights.InsightsReport.Wraparound;

import static dev.reactivedata.monitoring.insights.PostgresInsights.bytes;

/**
 * Turns check results into plain-language recommendations. Only checks that had enough evidence
 * ({@code OK} or {@code WARN}) recommend anything.
 */
final class Recommendations {

	private Recommendations() {
	}

	static List<Recommendation> of(InsightsReport report, InsightsOptions options) {
		List<Recommendation> out = new ArrayList<>();
		for (Wraparound relation : report.wraparound().findings()) {
			if (relation.danger()) {
				out.add(new Recommendation("critical", "wraparound", String.format(Locale.ROOT,
						"%s is %,d transactions from wraparound: run VACUUM (FREEZE) on it now and check that "
								+ "autovacuum is not blocked by long transactions.",
						relation.relation(), relation.remaining())));
			}
		}
		for (BlockingQuery query : report.blockingQueries().findings()) {
			out.add(new Recommendation("critical", "blockingQueries", String.format(Locale.ROOT,
					"Session %d has waited %.0f ms for a lock held by session %d (%s; chain %s). Keep transactions "
							+ "short; end an idle-in-transaction session with pg_terminate_backend(%d) if it is stuck.",
					query.pid(), query.waitingMs(), query.blockingPid(), query.blockingState(), query.chain(),
					query.chain().get(query.chain().size() - 1))));
		}
		for (SequenceUsage sequence : report.sequences().findings()) {
			out.add(new Recommendation("critical", "sequences", String.format(Locale.ROOT,
					"Sequence %s.%s has used %.0f%% of its range: move it and its column to bigint before it runs out.",
					sequence.schema(), sequence.sequence(), sequence.usedRatio() * 100)));
		}
		for (InvalidIndex index : report.invalidIndexes().findings()) {
			out.add(new Recommendation("warning", "invalidIndexes", String.format(Locale.ROOT,
					"Index %s.%s is invalid (a failed CREATE INDEX CONCURRENTLY): drop it or REINDEX INDEX CONCURRENTLY.",
					index.schema(), index.index())));
		}
		for (DuplicateIndex index : report.duplicateIndexes().findings()) {
			out.add(new Recommendation("warning", "duplicateIndexes", String.format(Locale.ROOT,
					"Index %s.%s is covered by %s on the same table: drop it to save %s and speed up writes.",
					index.schema(), index.index(), index.coveredBy(), bytes(index.sizeBytes()))));
		}
		if (report.unusedIndexes().judged()) {
			for (UnusedIndex index : report.unusedIndexes().findings()) {
				out.add(new Recommendation("info", "unusedIndexes", String.format(Locale.ROOT,
						"Index %s.%s on %s was never scanned while the table was read %,d times (%s)%s: if that period "
								+ "is representative, drop it to save %s and speed up writes.",
						index.schema(), index.index(), index.table(), index.tableScans(),
						report.unusedIndexes().evidence(),
						(index.coveredBy() != null) ? "; " + index.coveredBy() + " serves its leading column" : "",
						bytes(index.sizeBytes()))));
			}
		}
		for (MissingIndex table : report.missingIndexes().findings()) {
			if (table.createIndex() == null || table.verification().startsWith("refuted")) {
				out.add(new Recommendation("info", "missingIndexes", String.format(Locale.ROOT,
						"Table %s.%s (%,d rows) was read by %,d sequential scans and %,d index scans; no index to "
								+ "suggest: %s.",
						table.schema(), table.table(), table.liveRows(), table.sequentialScans(), table.indexScans(),
						table.verification())));
			}
			else {
				out.add(new Recommendation(table.verified() ? "warning" : "info", "missingIndexes",
						String.format(Locale.ROOT, "Table %s.%s (%,d rows) was read by %,d sequential scans: %s; (%s).",
								table.schema(), table.table(), table.liveRows(), table.sequentialScans(),
								table.createIndex(), table.verification())));
			}
		}
		if (report.tableBloat().judged()) {
			for (TableBloat table : report.tableBloat().findings()) {
				out.add(new Recommendation("warning", "tableBloat", String.format(Locale.ROOT,
						"Table %s.%s is about %.0f%% wasted space (%s of %s, %.0f%% dead rows): check that autovacuum "
								+ "keeps up; reclaim the space with VACUUM FULL or pg_repack.",
						table.schema(), table.table(), table.wasteRatio() * 100, bytes(table.estimatedWasteBytes()),
						bytes(table.tableBytes()), table.deadRatio() * 100)));
			}
		}
		for (InsightsReport.IndexBloat index : report.indexBloat().findings()) {
			out.add(new Recommendation("info", "indexBloat", String.format(Locale.ROOT,
					"Index %s.%s looks about %.0f%% larger than its rows need (about %s): confirm with pgstattuple, "
							+ "then REINDEX INDEX CONCURRENTLY.",
					index.schema(), index.index(), index.wasteRatio() * 100, bytes(index.estimatedWasteBytes()))));
		}
		for (LongRunningQuery query : report.longRunningQueries().findings()) {
			out.add(new Recommendation("warning", "longRunningQueries", String.format(Locale.ROOT,
					"Session %d has run one statement for %.0f s (state %s): set statement_timeout or cancel it with "
							+ "pg_cancel_backend(%d).",
					query.pid(), query.durationMs() / 1000, query.state(), query.pid())));
		}
		for (Deadlocks count : report.deadlocks().findings()) {
			if (count.count() > 0) {
				out.add(new Recommendation("warning", "deadlocks", String.format(Locale.ROOT,
						"%,d deadlocks since the statistics were reset (%s): make transactions lock rows in one "
								+ "consistent order and retry on SQLSTATE 40P01.",
						count.count(), report.deadlocks().evidence())));
			}
		}
		if (report.cacheHitRatio().status() == InsightCheck.Status.WARN) {
			for (CacheHitRatio ratio : report.cacheHitRatio().findings()) {
				out.add(new Recommendation("info", "cacheHitRatio", String.format(Locale.ROOT,
						"Table cache hit ratio is %.1f%% (aim for %.0f%%; %s): the working set may not fit in "
								+ "shared_buffers and the OS cache.",
						ratio.tables() * 100, options.cacheHitRatio() * 100, report.cacheHitRatio().evidence())));
			}
		}
		for (Connections state : report.connections().findings()) {
			long total = state.byState().values().stream().mapToLong(Long::longValue).sum();
			if (state.maxConnections() > 0 && total >= 0.8 * state.maxConnections()) {
				out.add(new Recommendation("warning", "connections", String.format(Locale.ROOT,
						"%d of %d connections are in use: lower pool sizes or add a connection pooler.", total,
						state.maxConnections())));
			}
			Long idleInTransaction = state.byState().get("idle in transaction");
			if (idleInTransaction != null && idleInTransaction > 0) {
				out.add(new Recommendation("info", "connections", idleInTransaction
						+ " sessions are idle in a transaction: they hold locks and stop vacuum; set "
						+ "idle_in_transaction_session_timeout."));
			}
		}
		if (report.topQueries().status() == InsightCheck.Status.UNAVAILABLE) {
			out.add(new Recommendation("info", "topQueries", "Top queries are unavailable: " + report.topQueries().reason()));
		}
		return out;
	}

}
