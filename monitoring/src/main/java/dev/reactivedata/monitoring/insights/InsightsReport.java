package dev.reactivedata.monitoring.insights;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL insights report: one typed result per check and plain-language recommendations.
 *
 * @param generatedAt when the report was taken
 * @param database the database name
 * @param serverVersion the server version, such as {@code 16.4}
 * @param unusedIndexes non-unique indexes never scanned since the statistics were reset
 * @param duplicateIndexes indexes whose columns another index of the same table already covers
 * @param invalidIndexes indexes left invalid by a failed {@code CREATE INDEX CONCURRENTLY}
 * @param missingIndexes large tables read mostly by sequential scans
 * @param tableBloat tables with many dead rows, with an estimate of the wasted space
 * @param indexBloat B-tree indexes much larger than their rows need, an estimate
 * @param cacheHitRatio buffer cache hit ratios of tables and indexes
 * @param blockingQueries sessions waiting for a lock another session holds
 * @param longRunningQueries statements running longer than the threshold
 * @param deadlocks deadlocks since the statistics were reset
 * @param connections connections to this database by state
 * @param sizes the database size and the largest tables
 * @param vacuum vacuum and analyze status of the tables with the most dead rows
 * @param wraparound transaction-id age of this database and its oldest tables
 * @param topQueries the statements with the most total time ({@code pg_stat_statements})
 * @param sequences sequences close to their maximum value
 * @param recommendations what to do, in plain language
 */
public record InsightsReport(Instant generatedAt, String database, String serverVersion,
		InsightCheck<UnusedIndex> unusedIndexes, InsightCheck<DuplicateIndex> duplicateIndexes,
		InsightCheck<InvalidIndex> invalidIndexes, InsightCheck<MissingIndex> missingIndexes,
		InsightCheck<TableBloat> tableBloat, InsightCheck<IndexBloat> indexBloat, InsightCheck<CacheHitRatio> cacheHitRatio,
		InsightCheck<BlockingQuery> blockingQueries, InsightCheck<LongRunningQuery> longRunningQueries,
		InsightCheck<Deadlocks> deadlocks, InsightCheck<Connections> connections, InsightCheck<Sizes> sizes,
		InsightCheck<VacuumStatus> vacuum, InsightCheck<Wraparound> wraparound, InsightCheck<TopQuery> topQueries,
		InsightCheck<SequenceUsage> sequences, List<Recommendation> recommendations) {

	/**
	 * An index never scanned.
	 *
	 * @param schema the schema
	 * @param table the table
	 * @param index the index
	 * @param sizeBytes its size on disk
	 */
	public record UnusedIndex(String schema, String table, String index, long sizeBytes) {
	}

	/**
	 * An index made redundant by another.
	 *
	 * @param schema the schema
	 * @param table the table
	 * @param index the redundant index
	 * @param coveredBy the index whose leading columns are the same
	 * @param columns the redundant index's definition
	 * @param sizeBytes its size on disk
	 */
	public record DuplicateIndex(String schema, String table, String index, String coveredBy, String columns,
			long sizeBytes) {
	}

	/**
	 * An invalid index.
	 *
	 * @param schema the schema
	 * @param table the table
	 * @param index the index
	 */
	public record InvalidIndex(String schema, String table, String index) {
	}

	/**
	 * A table that may need an index.
	 *
	 * @param schema the schema
	 * @param table the table
	 * @param sequentialScans sequential scans since the statistics were reset
	 * @param indexScans index scans since then
	 * @param liveRows estimated live rows
	 */
	public record MissingIndex(String schema, String table, long sequentialScans, long indexScans, long liveRows) {
	}

	/**
	 * A table with dead rows.
	 *
	 * @param schema the schema
	 * @param table the table
	 * @param liveRows estimated live rows
	 * @param deadRows estimated dead rows
	 * @param deadRatio dead / (live + dead)
	 * @param estimatedWasteBytes table size times the dead ratio: an estimate, not a measurement
	 */
	public record TableBloat(String schema, String table, long liveRows, long deadRows, double deadRatio,
			long estimatedWasteBytes) {
	}

	/**
	 * A B-tree index larger than its rows need. The expected size comes from the row estimate and the average
	 * key width of {@code pg_stats} (run ANALYZE for a fair estimate); it ignores some per-page overheads, so
	 * treat it as a hint to look closer (pgstattuple) before a REINDEX.
	 *
	 * @param schema the schema
	 * @param table the table
	 * @param index the index
	 * @param sizeBytes its size on disk
	 * @param estimatedWasteBytes size minus the expected size
	 * @param wasteRatio waste / size
	 */
	public record IndexBloat(String schema, String table, String index, long sizeBytes, long estimatedWasteBytes,
			double wasteRatio) {
	}

	/**
	 * Buffer cache hit ratios; {@code null} before any block was read.
	 *
	 * @param tables share of table block reads served from the buffer cache
	 * @param indexes share of index block reads served from the buffer cache
	 */
	public record CacheHitRatio(@Nullable Double tables, @Nullable Double indexes) {
	}

	/**
	 * A session waiting for a lock.
	 *
	 * @param pid the waiting session
	 * @param blockingPid the session holding the lock
	 * @param waitingMs how long the waiting statement has run
	 * @param query the waiting statement (hidden without {@code pg_read_all_stats})
	 * @param blockingQuery the blocking session's last statement
	 * @param blockingState the blocking session's state, such as {@code idle in transaction}
	 */
	public record BlockingQuery(int pid, int blockingPid, double waitingMs, @Nullable String query,
			@Nullable String blockingQuery, @Nullable String blockingState) {
	}

	/**
	 * A long-running statement.
	 *
	 * @param pid the session
	 * @param state its state
	 * @param durationMs how long the statement has run
	 * @param query the statement (hidden without {@code pg_read_all_stats})
	 */
	public record LongRunningQuery(int pid, @Nullable String state, double durationMs, @Nullable String query) {
	}

	/**
	 * Deadlocks detected in this database.
	 *
	 * @param count deadlocks since the statistics were reset
	 */
	public record Deadlocks(long count) {
	}

	/**
	 * Connections to this database.
	 *
	 * @param byState connection count per state ({@code active}, {@code idle}, {@code idle in transaction}...)
	 * @param maxConnections the server's {@code max_connections}
	 */
	public record Connections(Map<String, Long> byState, int maxConnections) {
	}

	/**
	 * Sizes.
	 *
	 * @param databaseBytes the database size
	 * @param largestTables the largest tables
	 */
	public record Sizes(long databaseBytes, List<TableSize> largestTables) {
	}

	/**
	 * The size of one table.
	 *
	 * @param schema the schema
	 * @param table the table
	 * @param totalBytes table, indexes and TOAST
	 * @param indexBytes indexes only
	 * @param liveRows estimated live rows
	 */
	public record TableSize(String schema, String table, long totalBytes, long indexBytes, long liveRows) {
	}

	/**
	 * Vacuum and analyze status of one table.
	 *
	 * @param schema the schema
	 * @param table the table
	 * @param deadRows estimated dead rows
	 * @param modifiedSinceAnalyze rows modified since the last analyze
	 * @param lastVacuum last manual or automatic vacuum, {@code null} if never
	 * @param lastAnalyze last manual or automatic analyze, {@code null} if never
	 */
	public record VacuumStatus(String schema, String table, long deadRows, long modifiedSinceAnalyze,
			@Nullable Instant lastVacuum, @Nullable Instant lastAnalyze) {
	}

	/**
	 * Transaction-id age of a database or table.
	 *
	 * @param relation the database or table
	 * @param age transactions since its oldest unfrozen transaction id
	 * @param remaining transactions left before wraparound protection stops writes
	 * @param danger whether {@code remaining} is below the threshold
	 */
	public record Wraparound(String relation, long age, long remaining, boolean danger) {
	}

	/**
	 * A statement from {@code pg_stat_statements}.
	 *
	 * @param query the normalized statement text
	 * @param calls executions
	 * @param totalMs total execution time
	 * @param meanMs mean execution time
	 * @param rows rows returned or affected in total
	 */
	public record TopQuery(String query, long calls, double totalMs, double meanMs, long rows) {
	}

	/**
	 * A sequence's usage.
	 *
	 * @param schema the schema
	 * @param sequence the sequence
	 * @param lastValue its last value
	 * @param maxValue its maximum
	 * @param usedRatio last / max
	 */
	public record SequenceUsage(String schema, String sequence, long lastValue, long maxValue, double usedRatio) {
	}

	/**
	 * Something to do about the database.
	 *
	 * @param severity {@code info}, {@code warning} or {@code critical}
	 * @param check the check it comes from
	 * @param message what to do, in plain language
	 */
	public record Recommendation(String severity, String check, String message) {
	}

}
