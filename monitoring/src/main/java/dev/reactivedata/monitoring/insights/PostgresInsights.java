package dev.reactivedata.monitoring.insights;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.reactivedata.monitoring.insights.InsightsReport.BlockingQuery;
import dev.reactivedata.monitoring.insights.InsightsReport.CacheHitRatio;
import dev.reactivedata.monitoring.insights.InsightsReport.Connections;
import dev.reactivedata.monitoring.insights.InsightsReport.Deadlocks;
import dev.reactivedata.monitoring.insights.InsightsReport.DuplicateIndex;
import dev.reactivedata.monitoring.insights.InsightsReport.InvalidIndex;
import dev.reactivedata.monitoring.insights.InsightsReport.LongRunningQuery;
import dev.reactivedata.monitoring.insights.InsightsReport.MissingIndex;
import dev.reactivedata.monitoring.insights.InsightsReport.SequenceUsage;
import dev.reactivedata.monitoring.insights.InsightsReport.Sizes;
import dev.reactivedata.monitoring.insights.InsightsReport.TableBloat;
import dev.reactivedata.monitoring.insights.InsightsReport.TableSize;
import dev.reactivedata.monitoring.insights.InsightsReport.TopQuery;
import dev.reactivedata.monitoring.insights.InsightsReport.UnusedIndex;
import dev.reactivedata.monitoring.insights.InsightsReport.VacuumStatus;
import dev.reactivedata.monitoring.insights.InsightsReport.Wraparound;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * PostgreSQL insights in the spirit of PgHero: each check reads PostgreSQL's statistics views and returns a
 * typed {@link InsightCheck}; the report ends with plain-language recommendations. Checks run one after the
 * other on a single connection. A check that cannot run (no {@code pg_stat_statements} in this database,
 * missing privilege) is reported as {@code UNAVAILABLE} with the reason and logged; it never fails the report.
 * <p>
 * Statistics of other sessions (query texts in {@code pg_stat_activity}) need the
 * {@code pg_read_all_stats} role; without it PostgreSQL shows {@code <insufficient privilege>}.
 */
public final class PostgresInsights {

	private static final Log logger = LogFactory.getLog(PostgresInsights.class);

	private static final long XID_LIMIT = 2_146_483_648L;

	private static final String USER_SCHEMAS = "NOT IN ('pg_catalog', 'information_schema') AND %s NOT LIKE 'pg_toast%%'";

	private final ConnectionFactory connectionFactory;

	private final InsightsOptions options;

	private final Clock clock;

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
		return run(connection, "SELECT current_database()::text AS db, current_setting('server_version')::text AS version, "
				+ "current_setting('max_connections')::int AS max_connections", row -> {
					draft.database = text(row, "db");
					draft.version = text(row, "version");
					draft.maxConnections = integer(row, "max_connections");
					return 1;
				})
			.then(check(connection, "unusedIndexes", unusedIndexes(connection), InsightCheck::of, r -> draft.unused = r))
			.then(check(connection, "duplicateIndexes", duplicateIndexes(connection), InsightCheck::of,
					r -> draft.duplicates = r))
			.then(check(connection, "invalidIndexes", invalidIndexes(connection), InsightCheck::of, r -> draft.invalid = r))
			.then(check(connection, "missingIndexes", missingIndexes(connection), InsightCheck::of, r -> draft.missing = r))
			.then(check(connection, "tableBloat", tableBloat(connection), InsightCheck::of, r -> draft.bloat = r))
			.then(check(connection, "indexBloat", indexBloat(connection), InsightCheck::of, r -> draft.indexBloat = r))
			.then(check(connection, "cacheHitRatio", cacheHitRatio(connection), InsightCheck::informational,
					r -> draft.cacheHit = r))
			.then(check(connection, "blockingQueries", blockingQueries(connection), InsightCheck::of,
					r -> draft.blocking = r))
			.then(check(connection, "longRunningQueries", longRunningQueries(connection), InsightCheck::of,
					r -> draft.longRunning = r))
			.then(check(connection, "deadlocks", deadlocks(connection),
					found -> found.isEmpty() || found.get(0).count() == 0 ? InsightCheck.informational(found)
							: InsightCheck.of(found),
					r -> draft.deadlocks = r))
			.then(check(connection, "connections", connections(connection, draft), InsightCheck::informational,
					r -> draft.connections = r))
			.then(check(connection, "sizes", sizes(connection), InsightCheck::informational, r -> draft.sizes = r))
			.then(check(connection, "vacuum", vacuum(connection), InsightCheck::informational, r -> draft.vacuum = r))
			.then(check(connection, "wraparound", wraparound(connection),
					found -> found.stream().anyMatch(Wraparound::danger) ? InsightCheck.of(found)
							: InsightCheck.informational(found),
					r -> draft.wraparound = r))
			.then(topQueries(connection).doOnNext(r -> draft.topQueries = r))
			.then(check(connection, "sequences", sequences(connection), InsightCheck::of, r -> draft.sequences = r))
			.then(Mono.fromSupplier(() -> draft.build(this.clock.instant(), this.options)));
	}

	private <T> Mono<InsightCheck<T>> check(Connection connection, String name, Mono<List<T>> findings,
			Function<List<T>, InsightCheck<T>> judge, Consumer<InsightCheck<T>> store) {
		return findings.map(judge).onErrorResume(ex -> {
			logger.warn("PostgreSQL insights check '" + name + "' is unavailable: " + ex.getMessage());
			return Mono.just(InsightCheck.unavailable(String.valueOf(ex.getMessage())));
		}).doOnNext(store);
	}

	private Mono<List<UnusedIndex>> unusedIndexes(Connection connection) {
		return query(connection, """
				SELECT s.schemaname::text AS schema, s.relname::text AS tbl, s.indexrelname::text AS idx,
				       pg_relation_size(s.indexrelid)::bigint AS size
				FROM pg_stat_user_indexes s
				JOIN pg_index i ON i.indexrelid = s.indexrelid
				WHERE s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary
				  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = s.indexrelid)
				ORDER BY size DESC, idx
				LIMIT 100""",
				row -> new UnusedIndex(text(row, "schema"), text(row, "tbl"), text(row, "idx"), number(row, "size")));
	}

	private Mono<List<DuplicateIndex>> duplicateIndexes(Connection connection) {
		// i is redundant when j (same table, same access method, no predicate or expression) has the same key
		// columns or starts with them; a unique i is kept unless j is an identical unique index.
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
				WHERE n.nspname %s
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
						text(row, "def"), number(row, "size")));
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

	private Mono<List<MissingIndex>> missingIndexes(Connection connection) {
		return query(connection, """
				SELECT schemaname::text AS schema, relname::text AS tbl, seq_scan::bigint AS seq,
				       coalesce(idx_scan, 0)::bigint AS idx, n_live_tup::bigint AS live
				FROM pg_stat_user_tables
				WHERE seq_scan >= $1 AND n_live_tup >= $2 AND seq_scan > coalesce(idx_scan, 0)
				ORDER BY seq_scan * n_live_tup DESC
				LIMIT 20""",
				row -> new MissingIndex(text(row, "schema"), text(row, "tbl"), number(row, "seq"), number(row, "idx"),
						number(row, "live")),
				this.options.missingIndexMinSequentialScans(), this.options.missingIndexMinRows());
	}

	private Mono<List<TableBloat>> tableBloat(Connection connection) {
		return query(connection, """
				SELECT schemaname::text AS schema, relname::text AS tbl, n_live_tup::bigint AS live,
				       n_dead_tup::bigint AS dead, pg_table_size(relid)::bigint AS size
				FROM pg_stat_user_tables
				WHERE n_dead_tup > 0
				  AND n_dead_tup::float8 / (n_live_tup + n_dead_tup) >= $1
				ORDER BY n_dead_tup DESC
				LIMIT 20""", row -> {
					long live = number(row, "live");
					long dead = number(row, "dead");
					double ratio = (double) dead / (live + dead);
					return new TableBloat(text(row, "schema"), text(row, "tbl"), live, dead, round(ratio),
							(long) (number(row, "size") * ratio));
				}, this.options.bloatDeadRatio());
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

	private Mono<List<CacheHitRatio>> cacheHitRatio(Connection connection) {
		return query(connection, """
				SELECT (SELECT sum(heap_blks_hit)::float8 / nullif(sum(heap_blks_hit) + sum(heap_blks_read), 0)
				        FROM pg_statio_user_tables) AS tables,
				       (SELECT sum(idx_blks_hit)::float8 / nullif(sum(idx_blks_hit) + sum(idx_blks_read), 0)
				        FROM pg_statio_user_indexes) AS indexes""",
				row -> new CacheHitRatio(roundOrNull(row.get("tables", Double.class)),
						roundOrNull(row.get("indexes", Double.class))));
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
						row.get("blocking_state", String.class)));
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

	private Mono<List<Deadlocks>> deadlocks(Connection connection) {
		return query(connection,
				"SELECT coalesce(deadlocks, 0)::bigint AS deadlocks FROM pg_stat_database WHERE datname = current_database()",
				row -> new Deadlocks(number(row, "deadlocks")));
	}

	private Mono<List<Connections>> connections(Connection connection, Draft draft) {
		return query(connection, """
				SELECT coalesce(state, 'unknown')::text AS state, count(*)::bigint AS connections
				FROM pg_stat_activity WHERE datname = current_database() GROUP BY 1 ORDER BY 1""",
				row -> Map.entry(text(row, "state"), number(row, "connections")))
			.map(entries -> {
				Map<String, Long> byState = new LinkedHashMap<>();
				entries.forEach(entry -> byState.put(entry.getKey(), entry.getValue()));
				return List.of(new Connections(byState, draft.maxConnections));
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

	private Mono<InsightCheck<TopQuery>> topQueries(Connection connection) {
		return query(connection, "SELECT count(*)::bigint AS installed FROM pg_extension WHERE extname = 'pg_stat_statements'",
				row -> number(row, "installed"))
			.flatMap(installed -> {
				if (installed.isEmpty() || installed.get(0) == 0) {
					return Mono.just(InsightCheck.<TopQuery>unavailable("The pg_stat_statements extension is not created "
							+ "in this database (it must be in shared_preload_libraries, then CREATE EXTENSION "
							+ "pg_stat_statements)"));
				}
				return query(connection, """
						SELECT s.query::text AS query, s.calls::bigint AS calls, s.total_exec_time::float8 AS total_ms,
						       s.mean_exec_time::float8 AS mean_ms, s.rows::bigint AS rows
						FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
						WHERE d.datname = current_database()
						ORDER BY s.total_exec_time DESC
						LIMIT $1""",
						row -> new TopQuery(text(row, "query"), number(row, "calls"), round(decimal(row, "total_ms")),
								round(decimal(row, "mean_ms")), number(row, "rows")),
						this.options.topQueries())
					.map(InsightCheck::informational);
			})
			.onErrorResume(ex -> {
				logger.warn("PostgreSQL insights check 'topQueries' is unavailable: " + ex.getMessage());
				return Mono.just(InsightCheck.unavailable(String.valueOf(ex.getMessage())));
			});
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

	private static <T> Mono<List<T>> query(Connection connection, String sql, Function<Row, T> mapper,
			Object... bindings) {
		return Mono.defer(() -> {
			Statement statement = connection.createStatement(sql);
			for (int i = 0; i < bindings.length; i++) {
				statement.bind(i, bindings[i]);
			}
			BiFunction<Row, RowMetadata, T> rowMapper = (row, metadata) -> mapper.apply(row);
			return Flux.from(statement.execute()).concatMap(result -> result.map(rowMapper)).collectList();
		});
	}

	private static <T> Mono<Void> run(Connection connection, String sql, Function<Row, T> mapper) {
		return query(connection, sql, mapper).then();
	}

	private static String text(Row row, String column) {
		String value = row.get(column, String.class);
		return (value != null) ? value : "";
	}

	private static long number(Row row, String column) {
		Long value = row.get(column, Long.class);
		return (value != null) ? value : 0L;
	}

	private static int integer(Row row, String column) {
		Integer value = row.get(column, Integer.class);
		return (value != null) ? value : 0;
	}

	private static double decimal(Row row, String column) {
		Double value = row.get(column, Double.class);
		return (value != null) ? round(value) : 0.0;
	}

	private static @Nullable Instant instant(Row row, String column) {
		OffsetDateTime value = row.get(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static double round(double value) {
		return Math.round(value * 1000.0) / 1000.0;
	}

	private static @Nullable Double roundOrNull(@Nullable Double value) {
		return (value != null) ? round(value) : null;
	}

	/** The results collected so far; filled in order by one subscriber. */
	private static final class Draft {

		String database = "";

		String version = "";

		int maxConnections;

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

		InsightCheck<VacuumStatus> vacuum = InsightCheck.unavailable("not run");

		InsightCheck<Wraparound> wraparound = InsightCheck.unavailable("not run");

		InsightCheck<TopQuery> topQueries = InsightCheck.unavailable("not run");

		InsightCheck<SequenceUsage> sequences = InsightCheck.unavailable("not run");

		InsightsReport build(Instant now, InsightsOptions options) {
			List<InsightsReport.Recommendation> recommendations = Recommendations.of(this.unused, this.duplicates,
					this.invalid, this.missing, this.bloat, this.indexBloat, this.cacheHit, this.blocking, this.longRunning,
					this.deadlocks, this.connections, this.wraparound, this.topQueries, this.sequences, options);
			return new InsightsReport(now, this.database, this.version, this.unused, this.duplicates, this.invalid,
					this.missing, this.bloat, this.indexBloat, this.cacheHit, this.blocking, this.longRunning, this.deadlocks,
					this.connections, this.sizes, this.vacuum, this.wraparound, this.topQueries, this.sequences,
					new ArrayList<>(recommendations));
		}

	}

}
