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
import dev.reactivedata.monitoring.insights.InsightsReport.TopQuery;
import dev.reactivedata.monitoring.insights.InsightsReport.UnusedIndex;
import dev.reactivedata.monitoring.insights.InsightsReport.Wraparound;

/**
 * Turns check results into plain-language recommendations.
 */
final class Recommendations {

	private Recommendations() {
	}

	@SuppressWarnings("ParameterNumber")
	static List<Recommendation> of(InsightCheck<UnusedIndex> unused, InsightCheck<DuplicateIndex> duplicates,
			InsightCheck<InvalidIndex> invalid, InsightCheck<MissingIndex> missing, InsightCheck<TableBloat> bloat,
			InsightCheck<InsightsReport.IndexBloat> indexBloat, InsightCheck<CacheHitRatio> cacheHit, InsightCheck<BlockingQuery> blocking,
			InsightCheck<LongRunningQuery> longRunning, InsightCheck<Deadlocks> deadlocks,
			InsightCheck<Connections> connections, InsightCheck<Wraparound> wraparound,
			InsightCheck<TopQuery> topQueries, InsightCheck<SequenceUsage> sequences, InsightsOptions options) {
		List<Recommendation> out = new ArrayList<>();
		for (Wraparound relation : wraparound.findings()) {
			if (relation.danger()) {
				out.add(new Recommendation("critical", "wraparound", String.format(Locale.ROOT,
						"%s is %,d transactions from wraparound: run VACUUM (FREEZE) on it now and check that "
								+ "autovacuum is not blocked by long transactions.",
						relation.relation(), relation.remaining())));
			}
		}
		for (BlockingQuery query : blocking.findings()) {
			out.add(new Recommendation("critical", "blockingQueries", String.format(Locale.ROOT,
					"Session %d has waited %.0f ms for a lock held by session %d (%s). Keep transactions short; "
							+ "end an idle-in-transaction session with pg_terminate_backend(%d) if it is stuck.",
					query.pid(), query.waitingMs(), query.blockingPid(), query.blockingState(), query.blockingPid())));
		}
		for (SequenceUsage sequence : sequences.findings()) {
			out.add(new Recommendation("critical", "sequences", String.format(Locale.ROOT,
					"Sequence %s.%s has used %.0f%% of its range: move it and its column to bigint before it runs out.",
					sequence.schema(), sequence.sequence(), sequence.usedRatio() * 100)));
		}
		for (InvalidIndex index : invalid.findings()) {
			out.add(new Recommendation("warning", "invalidIndexes", String.format(Locale.ROOT,
					"Index %s.%s is invalid (a failed CREATE INDEX CONCURRENTLY): drop it or REINDEX INDEX CONCURRENTLY.",
					index.schema(), index.index())));
		}
		for (DuplicateIndex index : duplicates.findings()) {
			out.add(new Recommendation("warning", "duplicateIndexes", String.format(Locale.ROOT,
					"Index %s.%s is covered by %s on the same table: drop it to save %s and speed up writes.",
					index.schema(), index.index(), index.coveredBy(), bytes(index.sizeBytes()))));
		}
		for (UnusedIndex index : unused.findings()) {
			out.add(new Recommendation("info", "unusedIndexes", String.format(Locale.ROOT,
					"Index %s.%s on %s has not been used since the statistics were reset: if that covers a "
							+ "representative period, drop it to save %s and speed up writes.",
					index.schema(), index.index(), index.table(), bytes(index.sizeBytes()))));
		}
		for (MissingIndex table : missing.findings()) {
			out.add(new Recommendation("warning", "missingIndexes", String.format(Locale.ROOT,
					"Table %s.%s (%,d rows) was read by %,d sequential scans and %,d index scans: find its frequent "
							+ "filters (pg_stat_statements) and index them.",
					table.schema(), table.table(), table.liveRows(), table.sequentialScans(), table.indexScans())));
		}
		for (TableBloat table : bloat.findings()) {
			out.add(new Recommendation("warning", "tableBloat", String.format(Locale.ROOT,
					"Table %s.%s is %.0f%% dead rows (about %s): check that autovacuum keeps up, or run VACUUM (ANALYZE).",
					table.schema(), table.table(), table.deadRatio() * 100, bytes(table.estimatedWasteBytes()))));
		}
		for (InsightsReport.IndexBloat index : indexBloat.findings()) {
			out.add(new Recommendation("info", "indexBloat", String.format(Locale.ROOT,
					"Index %s.%s looks about %.0f%% larger than its rows need (about %s): confirm with pgstattuple, "
							+ "then REINDEX INDEX CONCURRENTLY.",
					index.schema(), index.index(), index.wasteRatio() * 100, bytes(index.estimatedWasteBytes()))));
		}
		for (LongRunningQuery query : longRunning.findings()) {
			out.add(new Recommendation("warning", "longRunningQueries", String.format(Locale.ROOT,
					"Session %d has run one statement for %.0f s (state %s): set statement_timeout or cancel it with "
							+ "pg_cancel_backend(%d).",
					query.pid(), query.durationMs() / 1000, query.state(), query.pid())));
		}
		for (Deadlocks count : deadlocks.findings()) {
			if (count.count() > 0) {
				out.add(new Recommendation("warning", "deadlocks", String.format(Locale.ROOT,
						"%,d deadlocks since the statistics were reset: make transactions lock rows in one consistent "
								+ "order and retry on SQLSTATE 40P01.",
						count.count())));
			}
		}
		for (CacheHitRatio ratio : cacheHit.findings()) {
			if (ratio.tables() != null && ratio.tables() < 0.99) {
				out.add(new Recommendation("info", "cacheHitRatio", String.format(Locale.ROOT,
						"Table cache hit ratio is %.1f%% (aim for 99%%): the working set may not fit in shared_buffers "
								+ "and the OS cache.",
						ratio.tables() * 100)));
			}
		}
		for (Connections state : connections.findings()) {
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
		if (topQueries.status() == InsightCheck.Status.UNAVAILABLE) {
			out.add(new Recommendation("info", "topQueries",
					"Top queries are unavailable: " + topQueries.reason()));
		}
		return out;
	}

	private static String bytes(long bytes) {
		if (bytes >= 1L << 30) {
			return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
		}
		if (bytes >= 1L << 20) {
			return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
		}
		return String.format(Locale.ROOT, "%.0f KiB", bytes / 1024.0);
	}

}
