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
 * @param statistics how old the statistics are that the checks judge by
 * @param unusedIndexes indexes never scanned since the statistics were reset, on tables read often enough to
 * tell; never a constraint's index nor one of a tool's own tables
 * @param duplicateIndexes indexes whose columns another index of the same table already covers
 * @param invalidIndexes indexes left invalid by a failed {@code CREATE INDEX CONCURRENTLY}
 * @param missingIndexes large tables read mostly by sequential scans, with the index their frequent filters
 * suggest and, where HypoPG is installed, the planner's cost with and without it
 * @param tableBloat tables with many dead rows, with an estimate of the wasted space
 * @param indexBloat B-tree indexes much larger than their rows need, an estimate
 * @param cacheHitRatio buffer cache hit ratios of tables and indexes, overall and per table
 * @param blockingQueries sessions waiting for a lock another session holds
 * @param longRunningQueries statements running longer than the threshold
 * @param deadlocks deadlocks since the statistics were reset, with when new ones were seen
 * @param connections connections to this database by state and wait event
 * @param sizes the database size and the largest tables
 * @param vacuum vacuum and analyze status of the tables with the most dead rows
 * @param wraparound transaction-id age of this database and its oldest tables
 * @param topQueries the statements with the most total time ({@code pg_stat_statements}), with a plan
 * @param growth table size trend over the snapshots this instance kept in memory
 * @param replication replicas and how far behind they are
 * @param sequences sequences close to their maximum value
 * @param recommendations what to do, in plain language
 */
public record InsightsReport(Instant generatedAt, String database, String serverVersion, Statistics statistics,
		InsightCheck<UnusedIndex> unusedIndexes, InsightCheck<DuplicateIndex> duplicateIndexes,
		InsightCheck<InvalidIndex> invalidIndexes, InsightCheck<MissingIndex> missingIndexes,
		InsightCheck<TableBloat> tableBloat, InsightCheck<IndexBloat> indexBloat, InsightCheck<CacheHitRatio> cacheHitRatio,
		InsightCheck<BlockingQuery> blockingQueries, InsightCheck<LongRunningQuery> longRunningQueries,
		InsightCheck<Deadlocks> deadlocks, InsightCheck<Connections> connections, InsightCheck<Sizes> sizes,
		InsightCheck<VacuumStatus> vacuum, InsightCheck<Wraparound> wraparound, InsightCheck<TopQuery> topQueries,
		InsightCheck<SequenceUsage> sequences, InsightCheck<TableGrowth> growth, InsightCheck<ReplicaLag> replication,
		List<Recommendation> recommendations) {

	/**
	 * Validates the report.
	 * @param recommendations copied
	 */
	public InsightsReport {
		recommendations = List.copyOf(recommendations);
	}

	InsightsReport withRecommendations(List<Recommendation> recommendations) {
		return new InsightsReport(this.generatedAt, this.database, this.serverVersion, this.statistics,
				this.unusedIndexes, this.duplicateIndexes, this.invalidIndexes, this.missingIndexes, this.tableBloat,
				this.indexBloat, this.cacheHitRatio, this.blockingQueries, this.longRunningQueries, this.deadlocks,
				this.connections, this.sizes, this.vacuum, this.wraparound, this.topQueries, this.sequences, this.growth,
				this.replication, recommendations);
	}

	/**
	 * The age of the statistics the checks judge by.
	 *
	 * @param since when counting started: {@code pg_stat_database.stats_reset}, else the server's start
	 * @param source {@code stats_reset} or {@code server start}
	 * @param ageSeconds seconds of statistics
	 */
	public record Statistics(Instant since, String source, long ageSeconds) {
	}

	/**
	 * An index never scanned.
	 *
	 * @param schema the schema
	 * @param table the table
	 * @param index the index
	 * @param sizeBytes its size on disk
	 * @param tableScans sequential and index scans of its table since the statistics were reset
	 * @param coveredBy a used index of the same table starting with the same column, which serves the
	 * queries instead; {@code null} when there is none
	 */
	public record UnusedIndex(String schema, String table, String index, long sizeBytes, long tableScans,
			@Nullable String coveredBy) {
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
	 * @param columns the columns the frequent filters use, equality columns first; empty when no statement
	 * of {@code pg_stat_statements} filtering this table could be read
	 * @param createIndex the suggested {@code CREATE INDEX} statement, {@code null} without columns
	 * @param query the statement shape the columns come from, {@code null} without columns
	 * @param costBefore the planner's total cost of a representative statement without the index
	 * @param costAfter the same with a hypothetical index (HypoPG)
	 * @param verification how the suggestion was checked, or why it could not be
	 */
	public record MissingIndex(String schema, String table, long sequentialScans, long indexScans, long liveRows,
			List<String> columns, @Nullable String createIndex, @Nullable String query, @Nullable Double costBefore,
			@Nullable Double costAfter, String verification) {

		/** @return whether HypoPG and the planner confirmed the index would be used and lower the cost */
		public boolean verified() {
			return this.costBefore != null && this.costAfter != null && this.costAfter < this.costBefore;
		}

	}

	/**
	 * A table with dead rows.
	 *
	 * @param schema the schema
	 * @param table the table
	 * @param liveRows estimated live rows
	 * @param deadRows estimated dead rows
	 * @param deadRatio dead / (live + dead)
	 * @param tableBytes the table's size on disk (main fork)
	 * @param estimatedWasteBytes size beyond what the live rows need at their average width (pg_stats) and the
	 * fill factor: dead rows and free space together, an estimate to confirm with pgstattuple
	 * @param wasteRatio estimated waste / size
	 */
	public record TableBloat(String schema, String table, long liveRows, long deadRows, double deadRatio,
			long tableBytes, long estimatedWasteBytes, double wasteRatio) {
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
	 * @param blocks table and index block reads so far, hits included
	 * @param byTable the tables with the most block reads and their own hit ratio
	 */
	public record CacheHitRatio(@Nullable Double tables, @Nullable Double indexes, long blocks,
			List<TableCacheHit> byTable) {
	}

	/**
	 * The buffer cache hit ratio of one table (heap, indexes and TOAST).
	 *
	 * @param schema the schema
	 * @param table the table
	 * @param hitRatio share of its block reads served from the buffer cache, {@code null} before any
	 * @param blocks its block reads, hits included
	 */
	public record TableCacheHit(String schema, String table, @Nullable Double hitRatio, long blocks) {
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
	 * @param chain the waiting session, its blocker, the blocker's blocker... up to the session at the head
	 */
	public record BlockingQuery(int pid, int blockingPid, double waitingMs, @Nullable String query,
			@Nullable String blockingQuery, @Nullable String blockingState, List<Integer> chain) {
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
	 * @param history when this instance saw the count grow, oldest first (kept in memory, bounded)
	 */
	public record Deadlocks(long count, List<DeadlockEvent> history) {
	}

	/**
	 * New deadlocks noticed by one report.
	 *
	 * @param seenAt when the report saw them (they happened since the previous report)
	 * @param previousReportAt when the previous report was taken
	 * @param deadlocks how many were new
	 */
	public record DeadlockEvent(Instant seenAt, Instant previousReportAt, long deadlocks) {
	}

	/**
	 * Connections to this database.
	 *
	 * @param byState connection count per state ({@code active}, {@code idle}, {@code idle in transaction}...)
	 * @param maxConnections the server's {@code max_connections}
	 * @param sessions sessions by state and wait event
	 */
	public record Connections(Map<String, Long> byState, int maxConnections, List<SessionGroup> sessions) {
	}

	/**
	 * Sessions of this database in one state waiting (or not) on one event.
	 *
	 * @param state the state, {@code unknown} when hidden
	 * @param waitEventType the wait event type, {@code null} when not waiting
	 * @param waitEvent the wait event, {@code null} when not waiting
	 * @param sessions how many
	 */
	public record SessionGroup(String state, @Nullable String waitEventType, @Nullable String waitEvent,
			long sessions) {
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
	 * @param plan the planner's plan (EXPLAIN, never ANALYZE) of a representative statement, {@code null}
	 * when none could be made
	 * @param planNote how the representative statement was made, or why there is no plan
	 */
	public record TopQuery(String query, long calls, double totalMs, double meanMs, long rows,
			@Nullable String plan, String planNote) {
	}

	/**
	 * A table's size trend over the snapshots this instance kept.
	 *
	 * @param schema the schema
	 * @param table the table
	 * @param firstSeen the oldest snapshot kept
	 * @param firstBytes total size then
	 * @param bytes total size now
	 * @param bytesPerHour growth rate between the two
	 */
	public record TableGrowth(String schema, String table, Instant firstSeen, long firstBytes, long bytes,
			double bytesPerHour) {
	}

	/**
	 * A replica of this server.
	 *
	 * @param name its application name
	 * @param clientAddress its address, {@code null} over a socket
	 * @param state its WAL sender state
	 * @param replayLagBytes WAL bytes sent but not yet replayed
	 * @param replayLagMs time lag of the replay as measured by the primary, {@code null} when idle
	 */
	public record ReplicaLag(String name, @Nullable String clientAddress, String state, long replayLagBytes,
			@Nullable Double replayLagMs) {
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
