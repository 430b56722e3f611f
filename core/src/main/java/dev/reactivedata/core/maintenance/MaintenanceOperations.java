package dev.reactivedata.core.maintenance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import javax.sql.DataSource;

import dev.reactivedata.core.maintenance.Catalog.TableName;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code VACUUM}, {@code ANALYZE}, statistics, the schema and the refresh of materialized views over JDBC, as the
 * schema owner. JDBC blocks, so every operation runs on {@link Schedulers#boundedElastic()} when subscribed;
 * {@code VACUUM} and {@code REFRESH} run outside transactions (autocommit). Publishers are cold and fail with
 * {@link MaintenanceException} for refusals (unknown table, long {@code VACUUM FULL} lock not confirmed), with
 * the JDBC error otherwise.
 */
public final class MaintenanceOperations {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

	private final DataSource dataSource;

	private final MaintenanceOptions options;

	private final Executor executor = task -> Schedulers.boundedElastic().schedule(task);

	/**
	 * Creates the operations.
	 * @param dataSource connections as the schema owner (who may vacuum, analyze and refresh)
	 * @param options how careful to be with exclusive locks
	 */
	public MaintenanceOperations(DataSource dataSource, MaintenanceOptions options) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
		this.options = Objects.requireNonNull(options, "options must not be null");
	}

	/**
	 * Vacuums tables one after the other, reporting progress while each runs. Every table is resolved (and, for
	 * {@code VACUUM FULL}, its lock estimated) before the first is vacuumed.
	 * @param request what to vacuum and how
	 * @param progress hears the progress of each table
	 * @return what was vacuumed; no tables when none exceeded the bloat threshold
	 */
	public Mono<VacuumReport> vacuum(VacuumRequest request, Consumer<VacuumProgress> progress) {
		Objects.requireNonNull(request, "request must not be null");
		Objects.requireNonNull(progress, "progress must not be null");
		return blocking(() -> {
			try (Connection connection = this.dataSource.getConnection();
					Connection observer = this.dataSource.getConnection()) {
				connection.setAutoCommit(true);
				List<TableName> tables = vacuumTargets(connection, request);
				List<long[]> before = new ArrayList<>();
				for (TableName table : tables) {
					long[] sizes = sizeAndDeadTuples(connection, table);
					before.add(sizes);
					if (request.full()) {
						checkLock(table, sizes[0], request.lockConfirmed());
					}
				}
				String options = request.full() ? (request.analyze() ? "(FULL, ANALYZE) " : "(FULL) ")
						: (request.analyze() ? "(ANALYZE) " : "");
				List<VacuumReport.Table> done = new ArrayList<>();
				for (int i = 0; i < tables.size(); i++) {
					TableName table = tables.get(i);
					long started = System.nanoTime();
					Progress observed = new Progress(table.name(), i + 1, tables.size(), request.full(), progress);
					runObserved(connection, observer, "VACUUM " + options + table.sql(), observed);
					long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
					done.add(new VacuumReport.Table(table.name(), before.get(i)[0], sizeAndDeadTuples(connection, table)[0],
							before.get(i)[1], millis));
				}
				return new VacuumReport(request.full(), request.analyze(), done);
			}
		});
	}

	/**
	 * Analyzes tables, or every table.
	 * @param tables the tables ({@code table} or {@code schema.table}); empty for all
	 * @return the tables analyzed
	 */
	public Mono<List<String>> analyze(List<String> tables) {
		List<String> names = List.copyOf(Objects.requireNonNull(tables, "tables must not be null"));
		return blocking(() -> {
			try (Connection connection = this.dataSource.getConnection(); Statement statement = connection.createStatement()) {
				connection.setAutoCommit(true);
				List<TableName> targets = names.isEmpty() ? Catalog.all(connection, true) : Catalog.resolve(connection, names);
				for (TableName table : targets) {
					statement.execute("ANALYZE " + table.sql());
				}
				return targets.stream().map(TableName::name).toList();
			}
		});
	}

	/**
	 * Reads the database's size and its tables' statistics.
	 * @param exact whether to count every table's rows instead of taking the planner's estimate
	 * @return the statistics, largest table first
	 */
	public Mono<DatabaseStats> stats(boolean exact) {
		return blocking(() -> {
			try (Connection connection = this.dataSource.getConnection(); Statement statement = connection.createStatement()) {
				statement.execute("SET row_security = off");
				String database;
				long size;
				try (ResultSet rows = statement.executeQuery(
						"SELECT current_database(), pg_database_size(current_database())")) {
					rows.next();
					database = rows.getString(1);
					size = rows.getLong(2);
				}
				List<DatabaseStats.Table> tables = new ArrayList<>();
				try (ResultSet rows = statement.executeQuery("""
						SELECT n.nspname || '.' || c.relname, quote_ident(n.nspname) || '.' || quote_ident(c.relname),
						       c.reltuples::bigint, pg_relation_size(c.oid), pg_indexes_size(c.oid),
						       CASE WHEN c.reltoastrelid = 0 THEN 0 ELSE pg_total_relation_size(c.reltoastrelid) END,
						       (SELECT count(*) FROM pg_index i WHERE i.indrelid = c.oid)::int,
						       coalesce(s.n_dead_tup, 0), greatest(s.last_vacuum, s.last_autovacuum),
						       greatest(s.last_analyze, s.last_autoanalyze)
						FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
						LEFT JOIN pg_stat_all_tables s ON s.relid = c.oid
						WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
						  AND n.nspname NOT LIKE 'pg\\_%'
						ORDER BY pg_total_relation_size(c.oid) DESC, 1""")) {
					List<String> quoted = new ArrayList<>();
					while (rows.next()) {
						quoted.add(rows.getString(2));
						tables.add(new DatabaseStats.Table(rows.getString(1), rows.getLong(3), rows.getLong(4),
								rows.getLong(5), rows.getLong(6), rows.getInt(7), rows.getLong(8), instant(rows, 9),
								instant(rows, 10)));
					}
					if (exact) {
						for (int i = 0; i < tables.size(); i++) {
							DatabaseStats.Table table = tables.get(i);
							tables.set(i, new DatabaseStats.Table(table.table(), count(connection, quoted.get(i)),
									table.tableBytes(), table.indexBytes(), table.toastBytes(), table.indexes(),
									table.deadTuples(), table.lastVacuum(), table.lastAnalyze()));
						}
					}
				}
				return new DatabaseStats(database, size, exact, tables);
			}
		});
	}

	/**
	 * Reads the schema of every table, or of some.
	 * @param tables the tables ({@code table} or {@code schema.table}); empty for all
	 * @return the schema
	 */
	public Mono<SchemaReport> schema(List<String> tables) {
		List<String> names = List.copyOf(Objects.requireNonNull(tables, "tables must not be null"));
		return blocking(() -> {
			try (Connection connection = this.dataSource.getConnection()) {
				List<TableName> targets = names.isEmpty() ? Catalog.all(connection, false) : Catalog.resolve(connection, names);
				List<SchemaReport.Table> described = new ArrayList<>();
				for (TableName table : targets) {
					described.add(SchemaQueries.describe(connection, table));
				}
				return new SchemaReport(described);
			}
		});
	}

	/**
	 * Refreshes every materialized view outside the system schemas, one after the other.
	 * @param concurrently whether to refresh concurrently (readers keep reading) where a unique index allows it
	 * @return the views refreshed
	 */
	public Mono<List<ViewRefresh>> refreshMaterializedViews(boolean concurrently) {
		return blocking(() -> {
			List<ViewRefresh> refreshed = new ArrayList<>();
			try (Connection connection = this.dataSource.getConnection(); Statement statement = connection.createStatement()) {
				connection.setAutoCommit(true);
				List<Object[]> views = new ArrayList<>();
				try (ResultSet rows = statement.executeQuery("""
						SELECT n.nspname || '.' || c.relname, quote_ident(n.nspname) || '.' || quote_ident(c.relname),
						       c.relispopulated AND EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid
						           AND i.indisunique AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL)
						FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
						WHERE c.relkind = 'm' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
						  AND n.nspname NOT LIKE 'pg\\_%'
						ORDER BY 1""")) {
					while (rows.next()) {
						views.add(new Object[] { rows.getString(1), rows.getString(2), rows.getBoolean(3) });
					}
				}
				for (Object[] view : views) {
					boolean concurrent = concurrently && (Boolean) view[2];
					long started = System.nanoTime();
					statement.execute("REFRESH MATERIALIZED VIEW " + (concurrent ? "CONCURRENTLY " : "") + view[1]);
					refreshed.add(new ViewRefresh((String) view[0], concurrent,
							TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
				}
			}
			return refreshed;
		});
	}

	private List<TableName> vacuumTargets(Connection connection, VacuumRequest request) throws SQLException {
		List<TableName> tables = request.tables().isEmpty() ? Catalog.all(connection, true)
				: Catalog.resolve(connection, request.tables());
		Double threshold = request.bloatOverPercent();
		if (threshold == null) {
			return tables;
		}
		Map<Long, Double> bloat = Catalog.bloat(connection);
		return tables.stream().filter(table -> bloat.getOrDefault(table.oid(), 0.0) > threshold).toList();
	}

	private void checkLock(TableName table, long bytes, boolean confirmed) {
		Duration estimate = this.options.estimateFullVacuumLock(bytes);
		if (!confirmed && estimate.compareTo(this.options.fullVacuumLockLimit()) > 0) {
			throw new MaintenanceException("VACUUM FULL would lock " + table.name() + " (" + megabytes(bytes)
					+ ") against reads and writes for about " + seconds(estimate) + " (at "
					+ megabytes(this.options.rewriteBytesPerSecond()) + "/s; limit " + seconds(this.options.fullVacuumLockLimit())
					+ "): pass --yes to go ahead, or vacuum without --full");
		}
	}

	/**
	 * Runs a statement on one connection while another reads its progress every {@link #POLL_INTERVAL}.
	 */
	private void runObserved(Connection connection, Connection observer, String sql, Progress progress)
			throws SQLException {
		int pid;
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
			rows.next();
			pid = rows.getInt(1);
		}
		CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute(sql);
			}
			catch (SQLException ex) {
				throw new MaintenanceException(sql + " failed: " + ex.getMessage(), ex);
			}
		}, this.executor);
		while (true) {
			try {
				running.get(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
				progress.done();
				return;
			}
			catch (TimeoutException ex) {
				progress.poll(observer, pid);
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof RuntimeException runtime) {
					throw runtime;
				}
				throw new MaintenanceException(sql + " failed: " + ex.getCause(), ex.getCause());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new MaintenanceException(sql + " was interrupted", ex);
			}
		}
	}

	private static long[] sizeAndDeadTuples(Connection connection, TableName table) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT pg_total_relation_size(c.oid), coalesce(s.n_dead_tup, 0)
				FROM pg_class c LEFT JOIN pg_stat_all_tables s ON s.relid = c.oid WHERE c.oid = ?""")) {
			statement.setLong(1, table.oid());
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return new long[] { rows.getLong(1), rows.getLong(2) };
			}
		}
	}

	private static long count(Connection connection, String quotedTable) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + quotedTable)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static @Nullable Instant instant(ResultSet rows, int column) throws SQLException {
		OffsetDateTime time = rows.getObject(column, OffsetDateTime.class);
		return (time != null) ? time.toInstant() : null;
	}

	static String megabytes(long bytes) {
		return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
	}

	private static String seconds(Duration duration) {
		return (duration.toMillis() < 10_000) ? String.format("%.1f s", duration.toMillis() / 1000.0)
				: duration.toSeconds() + " s";
	}

	private static <T> Mono<T> blocking(Callable<T> work) {
		return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
	}

	/**
	 * Reads one table's vacuum progress from the statistics views and passes it on.
	 */
	private record Progress(String table, int index, int tables, boolean full, Consumer<VacuumProgress> listener) {

		void poll(Connection observer, int pid) {
			String view = this.full ? "pg_stat_progress_cluster" : "pg_stat_progress_vacuum";
			try (PreparedStatement statement = observer.prepareStatement(
					"SELECT phase, heap_blks_scanned, heap_blks_total FROM " + view + " WHERE pid = ?")) {
				statement.setInt(1, pid);
				try (ResultSet rows = statement.executeQuery()) {
					if (rows.next()) {
						this.listener.accept(new VacuumProgress(this.table, this.index, this.tables, rows.getString(1),
								rows.getLong(2), rows.getLong(3)));
					}
				}
			}
			catch (SQLException ex) {
				throw new MaintenanceException("cannot read the progress of VACUUM: " + ex.getMessage(), ex);
			}
		}

		void done() {
			this.listener.accept(new VacuumProgress(this.table, this.index, this.tables, "done", 1, 1));
		}

	}

}
