package dev.reactivedata.monitoring.insights;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.reactivedata.monitoring.insights.InsightsReport.Statistics;
import dev.reactivedata.monitoring.insights.InsightsReport.Wraparound;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static dev.reactivedata.monitoring.insights.InsightQueries.instant;
import static dev.reactivedata.monitoring.insights.InsightQueries.integer;
import static dev.reactivedata.monitoring.insights.InsightQueries.query;
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

	private final ConnectionFactory connectionFactory;

	private final InsightsOptions options;

	private final Clock clock;

	private final IndexChecks indexes;

	private final ActivityChecks activity;

	private final StorageChecks storage;

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
		ReportHistory history = new ReportHistory();
		this.indexes = new IndexChecks(options, clock);
		this.activity = new ActivityChecks(options, clock, history);
		this.storage = new StorageChecks(options, clock, history);
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
		ReportDraft draft = new ReportDraft();
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
			.then(check("unusedIndexes", () -> this.indexes.unusedIndexes(connection, draft), r -> draft.unused = r))
			.then(check("duplicateIndexes", () -> this.indexes.duplicateIndexes(connection).map(InsightCheck::of),
					r -> draft.duplicates = r))
			.then(check("invalidIndexes", () -> this.indexes.invalidIndexes(connection).map(InsightCheck::of),
					r -> draft.invalid = r))
			.then(check("missingIndexes", () -> this.indexes.missingIndexes(connection, draft), r -> draft.missing = r))
			.then(check("tableBloat", () -> this.storage.tableBloat(connection), r -> draft.bloat = r))
			.then(check("indexBloat", () -> this.indexes.indexBloat(connection).map(InsightCheck::of),
					r -> draft.indexBloat = r))
			.then(check("cacheHitRatio", () -> this.activity.cacheHitRatio(connection, draft), r -> draft.cacheHit = r))
			.then(check("blockingQueries", () -> this.activity.blockingQueries(connection).map(InsightCheck::of),
					r -> draft.blocking = r))
			.then(check("longRunningQueries", () -> this.activity.longRunningQueries(connection).map(InsightCheck::of),
					r -> draft.longRunning = r))
			.then(check("deadlocks", () -> this.activity.deadlocks(connection), r -> draft.deadlocks = r))
			.then(check("connections",
					() -> this.activity.connections(connection, draft).map(InsightCheck::informational),
					r -> draft.connections = r))
			.then(check("sizes", () -> this.storage.sizes(connection).map(InsightCheck::informational),
					r -> draft.sizes = r))
			.then(check("growth", () -> this.storage.growth(draft), r -> draft.growth = r))
			.then(check("vacuum", () -> this.storage.vacuum(connection).map(InsightCheck::informational),
					r -> draft.vacuum = r))
			.then(check("wraparound", () -> this.storage.wraparound(connection)
				.map(found -> found.stream().anyMatch(Wraparound::danger) ? InsightCheck.of(found)
						: InsightCheck.informational(found)),
					r -> draft.wraparound = r))
			.then(check("topQueries", () -> this.activity.topQueries(connection, draft), r -> draft.topQueries = r))
			.then(check("sequences", () -> this.storage.sequences(connection).map(InsightCheck::of),
					r -> draft.sequences = r))
			.then(check("replication", () -> this.activity.replication(connection).map(InsightCheck::informational),
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
	private Mono<Void> databaseCreated(Connection connection, ReportDraft draft) {
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

}
