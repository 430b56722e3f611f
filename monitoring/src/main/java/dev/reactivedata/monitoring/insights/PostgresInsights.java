package dev.reactivedata.monitoring.insights;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.reactivedata.monitoring.insights.InsightsReport.BlockingQuery;
import dev.reactivedata.monitoring.insights.InsightsReport.CacheHitRatio;
import dev.reactivedata.monitoring.insights.InsightsReport.Connections;
import dev.reactivedata.monitoring.insights.InsightsReport.DeadlockEvent;
import dev.reactivedata.monitoring.insights.InsightsReport.Deadlocks;
import dev.reactivedata.monitoring.insights.InsightsReport.DuplicateIndex;
import dev.reactivedata.monitoring.insights.InsightsReport.InvalidIndex;
import dev.reactivedata.monitoring.insights.InsightsReport.LongRunningQuery;
import dev.reactivedata.monitoring.insights.InsightsReport.MissingIndex;
import dev.reactivedata.monitoring.insights.InsightsReport.ReplicaLag;
import dev.reactivedata.monitoring.insights.InsightsReport.SequenceUsage;
import dev.reactivedata.monitoring.insights.InsightsReport.SessionGroup;
import dev.reactivedata.monitoring.insights.InsightsReport.Sizes;
import dev.reactivedata.monitoring.insights.InsightsReport.Statistics;
import dev.reactivedata.monitoring.insights.InsightsReport.TableBloat;
import dev.reactivedata.monitoring.insights.InsightsReport.TableCacheHit;
import dev.reactivedata.monitoring.insights.InsightsReport.TableGrowth;
import dev.reactivedata.monitoring.insights.InsightsReport.TableSize;
import dev.reactivedata.monitoring.insights.InsightsReport.TopQuery;
import dev.reactivedata.monitoring.insights.InsightsReport.UnusedIndex;
import dev.reactivedata.monitoring.insights.InsightsReport.VacuumStatus;
import dev.reactivedata.monitoring.insights.InsightsReport.Wraparound;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static dev.reactivedata.monitoring.insights.InsightQueries.USER_SCHEMAS;
import static dev.reactivedata.monitoring.insights.InsightQueries.decimal;
import static dev.reactivedata.monitoring.insights.InsightQueries.instant;
import static dev.reactivedata.monitoring.insights.InsightQueries.integer;
import static dev.reactivedata.monitoring.insights.InsightQueries.number;
import static dev.reactivedata.monitoring.insights.InsightQueries.query;
import static dev.reactivedata.monitoring.insights.InsightQueries.round;
import static dev.reactivedata.monitoring.insights.InsightQueries.roundOrNull;
import static dev.reactivedata.monitoring.insights.InsightQueries.text;

/**
 * PostgreSQL insights in the spirit of PgHero: each check reads PostgreSQL's statistics views and returns a
 * typed {@link InsightCheck}; the report ends with plain-language recommendations. Checks run one after the
 * other on a single connection. A check that cannot run (no {@code pg_stat_statements} in this database,
 * missing privilege) is reported as {@code UNAVAILABLE} with the reason and logged; it never fails the report.
 * <p>
 * No false alarms: index usage and the cache hit ratio are judged only once the statistics cover
 * {@link InsightsOptions#minStatisticsAge()} (since {@code pg_stat_database.stats_reset}, else since the server
 * or the database started) and enough reads were observed; bloat only on tables of a worthwhile size. Before
 * that a check is {@code NOT_ENOUGH_DATA}, says what it waits for, and recommends nothing. Indexes backing a
 * constraint and indexes of {@link InsightsOptions#toolTables() tools' own tables} are never suggested for
 * dropping. Missing-index suggestions name their columns and are checked with HypoPG where it is installed.
 * <p>
 * Statistics of other sessions (query texts in {@code pg_stat_activity}) need the
 * {@code pg_read_all_stats} role; without it PostgreSQL shows {@code <insufficient privilege>}.
 */
public final class PostgresInsights {

	private static final Log logger = LogFactory.getLog(PostgresInsights.class);

	private static final long XID_LIMIT = 2_146_483_648L;

	private final ConnectionFactory connectionFactory;

	private final InsightsOptions options;

	private final Clock clock;

	private final ReportHistory history = new ReportHistory();

	private volatile @Nullable InsightsReport latest;

	/**
	 * Creates the insights.
	 * @param connectionFactory where to connect
	 * @param options the thresholds
	 */
	public PostgresInsights(ConnectionFactory connectionFactory, InsightsOptions options) {
		this(connectionFactory, options, Clock.systemUTC());
	}

	PostgresInsights(ConnectionFactory connectionFactory, InsightsOptions options, Clock clock) {
		this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory must not be null");
		this.options = Objects.requireNonNull(options, "options must not be null");
		this.clock = clock;
	}

	/**
	 * Runs every check and remembers the report as {@link #latest()}. Emits the report, or an error when no
	 * connection could be made or the whole report took longer than the statement timeout.
	 * @return the report
	 */
	public Mono<InsightsReport> report() {
		return Mono.usingWhen(this.connectionFactory.create(), this::collect, Connection::close)
			.timeout(this.options.statementTimeout())
			.doOnNext(report -> this.latest = report);
	}

	/**
	 * Emits a report now and then every {@code interval} until cancelled; a failed report is logged and
	 * skipped. Cold: nothing runs until subscribed.
	 * @param interval time between reports
	 * @return the reports
	 */
	public Flux<InsightsReport> poll(Duration interval) {
		Objects.requireNonNull(interval, "interval must not be null");
		return Flux.interval(Duration.ZERO, interval)
			.onBackpressureDrop()
			.concatMap(tick -> report().onErrorResume(ex -> {
				logger.warn("PostgreSQL insights report failed; the previous report stays current", ex);
				return Mono.empty();
			}));
	}

	/**
	 * Returns the last report taken, without touching the database.
	 * @return the last report, or {@code null} before the first one
	 */
	public @Nullable InsightsReport latest() {
		return this.latest;
	}

	private Mono<InsightsReport> collect(Connection connection) {
		Draft draft = new Draft();
		return query(connection, """
				SELECT current_database()::text AS db, current_setting('server_version')::text AS version,
				       current_setting('server_version_num')::int AS version_num,
				       current_setting('max_connections')::int AS max_connections,
				       coalesce(d.stats_reset, pg_postmaster_start_time()) AS since,
				       (d.stats_reset IS NOT NULL) AS was_reset,
				       EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements') AS statements,
				       EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'hypopg') AS hypopg,
				       EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'hypopg') AS hypopg_available
				FROM pg_stat_database d WHERE d.datname = current_database()""", row -> {
					draft.database = text(row, "db");
					draft.version = text(row, "version");
					draft.versionNumber = integer(row, "version_num");
					draft.maxConnections = integer(row, "max_connections");
					Instant since = instant(row, "since");
					draft.statisticsSince = (since != null) ? since : this.clock.instant();
					draft.statisticsSource = Boolean.TRUE.equals(row.get("was_reset", Boolean.class)) ? "stats_reset"
							: "server start";
					draft.statementsInstalled = Boolean.TRUE.equals(row.get("statements", Boolean.class));
					draft.hypopgInstalled = Boolean.TRUE.equals(row.get("hypopg", Boolean.class));
					draft.hypopgAvailable = Boolean.TRUE.equals(row.get("hypopg_available", Boolean.class));
					return 1;
				})
			.then(Mono.defer(() -> databaseCreated(connection, draft)))
			.then(check("unusedIndexes", () -> unusedIndexes(connection, draft), r -> draft.unused = r))
			.then(check("duplicateIndexes", () -> duplicateIndexes(connection).map(InsightCheck::of),
					r -> draft.duplicates = r))
			.then(check("invalidIndexes", () -> invalidIndexes(connection).map(InsightCheck::of),
					r -> draft.invalid = r))
			.then(check("missingIndexes", () -> missingIndexes(connection, draft), r -> draft.missing = r))
			.then(check("tableBloat", () -> tableBloat(connection), r -> draft.bloat = r))
			.then(check("indexBloat", () -> indexBloat(connection).map(InsightCheck::of), r -> draft.indexBloat = r))
			.then(check("cacheHitRatio", () -> cacheHitRatio(connection, draft), r -> draft.cacheHit = r))
			.then(check("blockingQueries", () -> blockingQueries(connection).map(InsightCheck::of),
					r -> draft.blocking = r))
			.then(check("longRunningQueries", () -> longRunningQueries(connection).map(InsightCheck::of),
					r -> draft.longRunning = r))
			.then(check("deadlocks", () -> deadlocks(connection), r -> draft.deadlocks = r))
			.then(check("connections", () -> connections(connection, draft).map(InsightCheck::informational),
					r -> draft.connections = r))
			.then(check("sizes", () -> sizes(connection).map(InsightCheck::informational), r -> draft.sizes = r))
			.then(check("growth", () -> growth(draft), r -> draft.growth = r))
			.then(check("vacuum", () -> vacuum(connection).map(InsightCheck::informational), r -> draft.vacuum = r))
			.then(check("wraparound", () -> wraparound(connection)
				.map(found -> found.stream().anyMatch(Wraparound::danger) ? InsightCheck.of(found)
						: InsightCheck.informational(found)),
					r -> draft.wraparound = r))
			.then(check("topQueries", () -> topQueries(connection, draft), r -> draft.topQueries = r))
			.then(check("sequences", () -> sequences(connection).map(InsightCheck::of), r -> draft.sequences = r))
			.then(check("replication", () -> replication(connection).map(InsightCheck::informational),
					r -> draft.replication = r))
			.then(Mono.fromSupplier(() -> draft.build(this.clock.instant(), this.options)));
	}

	/** Runs one check once the previous ones are done (it may read what they stored). */
	private <T> Mono<InsightCheck<T>> check(String name, Supplier<Mono<InsightCheck<T>>> result,
			Consumer<InsightCheck<T>> store) {
		return Mono.defer(result).onErrorResume(ex -> {
			logger.warn("PostgreSQL insights check '" + name + "' is unavailable: " + ex.getMessage());
			return Mono.just(InsightCheck.unavailable(String.valueOf(ex.getMessage())));
		}).doOnNext(store);
	}

	/**
	 * A database created after the server started has statistics only since its creation; reading its files'
	 * dates needs the EXECUTE privilege on pg_stat_file, so without it the server start stands, and the evidence
	 * says so. The privilege is checked first so that a report never counts as a failed statement.
	 */
	private Mono<Void> databaseCreated(Connection connection, Draft draft) {
		if (draft.statisticsSource.equals("stats_reset")) {
			return Mono.empty();
		}
		return query(connection, """
				SELECT CASE WHEN has_function_privilege('pg_stat_file(text)', 'EXECUTE')
				            THEN (pg_stat_file('base/' || oid || '/PG_VERSION')).modification END AS created
				FROM pg_database WHERE datname = current_database()""", row -> instant(row, "created"))
			.doOnNext(found -> {
				Instant created = found.isEmpty() ? null : found.get(0);
				if (created != null && created.isAfter(draft.statisticsSince)) {
					draft.statisticsSince = created;
					draft.statisticsSource = "database created";
				}
			})
			.onErrorResume(ex -> {
				logger.debug("Cannot read when the database was created; statistics age counts from the server start: "
						+ ex.getMessage());
				return Mono.empty();
			})
			.then();
	}

	private String age(Draft draft) {
		Duration age = Duration.between(draft.statisticsSince, this.clock.instant());
		return "statistics cover " + human(age) + " (since " + draft.statisticsSource + ")";
	}

	private boolean youngStatistics(Draft draft) {
		return Duration.between(draft.statisticsSince, this.clock.instant()).compareTo(this.options.minStatisticsAge()) < 0;
	}

	private Mono<InsightCheck<UnusedIndex>> unusedIndexes(Connection connection, Draft draft) {
		if (youngStatistics(draft)) {
			return Mono.just(InsightCheck.notEnoughData(List.of(), "waiting for statistics covering "
					+ human(this.options.minStatisticsAge()) + " before calling an index unused", age(draft)));
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
				String evidence = age(draft) + "; an index counts as unused only on a table read at least "
						+ this.options.unusedIndexMinTableScans() + " times"
						+ ((judged.size() < found.size()) ? "; " + (found.size() - judged.size())
								+ " never-scanned indexes are on tables read too rarely to tell" : "");
				return InsightCheck.of(judged, evidence);
			});
	}

	private String[] toolTables() {
		return this.options.toolTables().toArray(String[]::new);
	}

	private Mono<List<DuplicateIndex>> duplicateIndexes(Connection connection) {
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

	private Mono<List<InvalidIndex>> invalidIndexes(Connection connection) {
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

	private Mono<InsightCheck<MissingIndex>> missingIndexes(Connection connection, Draft draft) {
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

	private Mono<InsightCheck<TableBloat>> tableBloat(Connection connection) {
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

	private Mono<List<InsightsReport.IndexBloat>> indexBloat(Connection connection) {
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

	private Mono<InsightCheck<CacheHitRatio>> cacheHitRatio(Connection connection, Draft draft) {
		return query(connection, """
				SELECT schema, tbl, hit, rd FROM (
				  SELECT schemaname::text AS schema, relname::text AS tbl,
				         (coalesce(heap_blks_hit, 0) + coalesce(idx_blks_hit, 0) + coalesce(toast_blks_hit, 0))::bigint AS hit,
				         (coalesce(heap_blks_read, 0) + coalesce(idx_blks_read, 0) + coalesce(toast_blks_read, 0))::bigint AS rd
				  FROM pg_statio_user_tables) io
				ORDER BY hit + rd DESC, tbl
				LIMIT 10""", row -> {
					long hit = number(row, "hit");
					long blocks = hit + number(row, "rd");
					return new TableCacheHit(text(row, "schema"), text(row, "tbl"),
							(blocks > 0) ? round((double) hit / blocks) : null, blocks);
				})
			.flatMap(byTable -> query(connection, """
					SELECT (SELECT sum(heap_blks_hit)::float8 / nullif(sum(heap_blks_hit) + sum(heap_blks_read), 0)
					        FROM pg_statio_user_tables) AS tables,
					       (SELECT sum(idx_blks_hit)::float8 / nullif(sum(idx_blks_hit) + sum(idx_blks_read), 0)
					        FROM pg_statio_user_indexes) AS indexes,
					       ((SELECT coalesce(sum(heap_blks_hit + heap_blks_read), 0) FROM pg_statio_user_tables)
					        + (SELECT coalesce(sum(idx_blks_hit + idx_blks_read), 0) FROM pg_statio_user_indexes))::bigint AS blocks""",
					row -> new CacheHitRatio(roundOrNull(row.get("tables", Double.class)),
							roundOrNull(row.get("indexes", Double.class)), number(row, "blocks"), byTable)))
			.map(found -> {
				CacheHitRatio ratio = found.get(0);
				String evidence = age(draft) + "; " + ratio.blocks() + " block reads";
				if (youngStatistics(draft) || ratio.blocks() < this.options.cacheHitMinBlocks()) {
					return InsightCheck.notEnoughData(found, "waiting for statistics covering "
							+ human(this.options.minStatisticsAge()) + " and " + this.options.cacheHitMinBlocks()
							+ " block reads: a young or idle database reads from disk what it has not read yet",
							evidence);
				}
				boolean low = ratio.tables() != null && ratio.tables() < this.options.cacheHitRatio();
				return new InsightCheck<>(low ? InsightCheck.Status.WARN : InsightCheck.Status.OK, found, null, evidence);
			});
	}

	private Mono<List<BlockingQuery>> blockingQueries(Connection connection) {
		return query(connection, """
				SELECT a.pid::int AS pid, b.pid::int AS blocking_pid,
				       (extract(epoch FROM now() - a.query_start) * 1000)::float8 AS waiting_ms,
				       a.query::text AS query, b.query::text AS blocking_query, b.state::text AS blocking_state
				FROM pg_stat_activity a
				CROSS JOIN LATERAL unnest(pg_blocking_pids(a.pid)) AS blocker(pid)
				JOIN pg_stat_activity b ON b.pid = blocker.pid
				WHERE a.datname = current_database()
				ORDER BY waiting_ms DESC
				LIMIT 50""",
				row -> new BlockingQuery(integer(row, "pid"), integer(row, "blocking_pid"), decimal(row, "waiting_ms"),
						row.get("query", String.class), row.get("blocking_query", String.class),
						row.get("blocking_state", String.class), List.of()))
			.map(found -> {
				Map<Integer, Integer> blockedBy = new LinkedHashMap<>();
				found.forEach(blocked -> blockedBy.putIfAbsent(blocked.pid(), blocked.blockingPid()));
				return found.stream().map(blocked -> {
					List<Integer> chain = new ArrayList<>(List.of(blocked.pid()));
					Integer next = blocked.blockingPid();
					while (next != null && !chain.contains(next) && chain.size() < 20) {
						chain.add(next);
						next = blockedBy.get(next);
					}
					return new BlockingQuery(blocked.pid(), blocked.blockingPid(), blocked.waitingMs(), blocked.query(),
							blocked.blockingQuery(), blocked.blockingState(), chain);
				}).toList();
			});
	}

	private Mono<List<LongRunningQuery>> longRunningQueries(Connection connection) {
		return query(connection, """
				SELECT pid::int AS pid, state::text AS state,
				       (extract(epoch FROM now() - query_start) * 1000)::float8 AS duration_ms, query::text AS query
				FROM pg_stat_activity
				WHERE datname = current_database() AND pid <> pg_backend_pid()
				  AND state IS NOT NULL AND state <> 'idle'
				  AND query_start < now() - make_interval(secs => $1)
				ORDER BY duration_ms DESC
				LIMIT 50""",
				row -> new LongRunningQuery(integer(row, "pid"), row.get("state", String.class),
						decimal(row, "duration_ms"), row.get("query", String.class)),
				this.options.longRunning().toMillis() / 1000.0);
	}

	private Mono<InsightCheck<Deadlocks>> deadlocks(Connection connection) {
		return query(connection,
				"SELECT coalesce(deadlocks, 0)::bigint AS deadlocks FROM pg_stat_database WHERE datname = current_database()",
				row -> number(row, "deadlocks"))
			.map(found -> {
				long count = found.isEmpty() ? 0 : found.get(0);
				List<DeadlockEvent> history = this.history.deadlocks(this.clock.instant(), count);
				Deadlocks deadlocks = new Deadlocks(count, history);
				return (count == 0) ? InsightCheck.informational(List.of(deadlocks))
						: InsightCheck.of(List.of(deadlocks), history.isEmpty()
								? "no new deadlock since this instance started watching"
								: history.size() + " reports saw new deadlocks, the last at "
										+ history.get(history.size() - 1).seenAt());
			});
	}

	private Mono<List<Connections>> connections(Connection connection, Draft draft) {
		return query(connection, """
				SELECT coalesce(state, 'unknown')::text AS state, wait_event_type::text AS wait_type,
				       wait_event::text AS wait_event, count(*)::bigint AS sessions
				FROM pg_stat_activity WHERE datname = current_database()
				GROUP BY 1, 2, 3 ORDER BY 1, 2 NULLS FIRST, 3 NULLS FIRST""",
				row -> new SessionGroup(text(row, "state"), row.get("wait_type", String.class),
						row.get("wait_event", String.class), number(row, "sessions")))
			.map(groups -> {
				Map<String, Long> byState = new LinkedHashMap<>();
				groups.forEach(group -> byState.merge(group.state(), group.sessions(), Long::sum));
				return List.of(new Connections(byState, draft.maxConnections, groups));
			});
	}

	private Mono<List<Sizes>> sizes(Connection connection) {
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

	private Mono<InsightCheck<TableGrowth>> growth(Draft draft) {
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

	private Mono<List<VacuumStatus>> vacuum(Connection connection) {
		return query(connection, """
				SELECT schemaname::text AS schema, relname::text AS tbl, n_dead_tup::bigint AS dead,
				       n_mod_since_analyze::bigint AS modified,
				       greatest(last_vacuum, last_autovacuum) AS vacuumed,
				       greatest(last_analyze, last_autoanalyze) AS analyzed
				FROM pg_stat_user_tables ORDER BY n_dead_tup DESC, tbl LIMIT 50""",
				row -> new VacuumStatus(text(row, "schema"), text(row, "tbl"), number(row, "dead"),
						number(row, "modified"), instant(row, "vacuumed"), instant(row, "analyzed")));
	}

	private Mono<List<Wraparound>> wraparound(Connection connection) {
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

	private Mono<InsightCheck<TopQuery>> topQueries(Connection connection, Draft draft) {
		if (!draft.statementsInstalled) {
			return Mono.just(InsightCheck.unavailable("The pg_stat_statements extension is not created in this "
					+ "database (it must be in shared_preload_libraries, then CREATE EXTENSION pg_stat_statements)"));
		}
		QueryPlans plans = new QueryPlans(connection, draft.versionNumber);
		return query(connection, """
				SELECT s.query::text AS query, s.calls::bigint AS calls, s.total_exec_time::float8 AS total_ms,
				       s.mean_exec_time::float8 AS mean_ms, s.rows::bigint AS rows
				FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
				WHERE d.datname = current_database()
				ORDER BY s.total_exec_time DESC
				LIMIT $1""",
				row -> new TopQuery(text(row, "query"), number(row, "calls"), round(decimal(row, "total_ms")),
						round(decimal(row, "mean_ms")), number(row, "rows"), null, ""),
				this.options.topQueries())
			.flatMapMany(Flux::fromIterable)
			.concatMap(plans::withPlan)
			.collectList()
			.map(InsightCheck::informational);
	}

	private Mono<List<SequenceUsage>> sequences(Connection connection) {
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

	private Mono<List<ReplicaLag>> replication(Connection connection) {
		return query(connection, """
				SELECT coalesce(application_name, '')::text AS name, client_addr::text AS addr,
				       coalesce(state, 'unknown')::text AS state,
				       coalesce(pg_wal_lsn_diff(sent_lsn, replay_lsn), 0)::bigint AS lag_bytes,
				       (extract(epoch FROM replay_lag) * 1000)::float8 AS lag_ms
				FROM pg_stat_replication ORDER BY 1""",
				row -> new ReplicaLag(text(row, "name"), row.get("addr", String.class), text(row, "state"),
						number(row, "lag_bytes"), roundOrNull(row.get("lag_ms", Double.class))));
	}

	static String human(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds >= 86_400) {
			return String.format(Locale.ROOT, "%.1f d", seconds / 86_400.0);
		}
		if (seconds >= 3_600) {
			return String.format(Locale.ROOT, "%.1f h", seconds / 3_600.0);
		}
		if (seconds >= 60) {
			return String.format(Locale.ROOT, "%d min", seconds / 60);
		}
		return seconds + " s";
	}

	static String bytes(long bytes) {
		if (bytes >= 1L << 30) {
			return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
		}
		if (bytes >= 1L << 20) {
			return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
		}
		return String.format(Locale.ROOT, "%.0f KiB", bytes / 1024.0);
	}

	/** The results collected so far; filled in order by one subscriber. */
	private static final class Draft {

		String database = "";

		String version = "";

		int versionNumber;

		int maxConnections;

		Instant statisticsSince = Instant.EPOCH;

		String statisticsSource = "server start";

		boolean statementsInstalled;

		boolean hypopgInstalled;

		boolean hypopgAvailable;

		InsightCheck<UnusedIndex> unused = InsightCheck.unavailable("not run");

		InsightCheck<DuplicateIndex> duplicates = InsightCheck.unavailable("not run");

		InsightCheck<InvalidIndex> invalid = InsightCheck.unavailable("not run");

		InsightCheck<MissingIndex> missing = InsightCheck.unavailable("not run");

		InsightCheck<TableBloat> bloat = InsightCheck.unavailable("not run");

		InsightCheck<InsightsReport.IndexBloat> indexBloat = InsightCheck.unavailable("not run");

		InsightCheck<CacheHitRatio> cacheHit = InsightCheck.unavailable("not run");

		InsightCheck<BlockingQuery> blocking = InsightCheck.unavailable("not run");

		InsightCheck<LongRunningQuery> longRunning = InsightCheck.unavailable("not run");

		InsightCheck<Deadlocks> deadlocks = InsightCheck.unavailable("not run");

		InsightCheck<Connections> connections = InsightCheck.unavailable("not run");

		InsightCheck<Sizes> sizes = InsightCheck.unavailable("not run");

		InsightCheck<TableGrowth> growth = InsightCheck.unavailable("not run");

		InsightCheck<VacuumStatus> vacuum = InsightCheck.unavailable("not run");

		InsightCheck<Wraparound> wraparound = InsightCheck.unavailable("not run");

		InsightCheck<TopQuery> topQueries = InsightCheck.unavailable("not run");

		InsightCheck<SequenceUsage> sequences = InsightCheck.unavailable("not run");

		InsightCheck<ReplicaLag> replication = InsightCheck.unavailable("not run");

		InsightsReport build(Instant now, InsightsOptions options) {
			Statistics statistics = new Statistics(this.statisticsSince, this.statisticsSource,
					Math.max(0, Duration.between(this.statisticsSince, now).toSeconds()));
			InsightsReport report = new InsightsReport(now, this.database, this.version, statistics, this.unused,
					this.duplicates, this.invalid, this.missing, this.bloat, this.indexBloat, this.cacheHit, this.blocking,
					this.longRunning, this.deadlocks, this.connections, this.sizes, this.vacuum, this.wraparound,
					this.topQueries, this.sequences, this.growth, this.replication, List.of());
			return report.withRecommendations(Recommendations.of(report, options));
		}

	}

}
