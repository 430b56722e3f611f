package dev.reactivedata.bench.scenario;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import dev.reactivedata.bench.external.Processes;
import dev.reactivedata.bench.external.Psql;
import dev.reactivedata.bench.fixture.BenchFixture;
import dev.reactivedata.bench.fixture.Servers;
import dev.reactivedata.bench.harness.Measured;
import dev.reactivedata.bench.harness.Row;
import dev.reactivedata.bench.harness.Sample;
import dev.reactivedata.bench.harness.Settings;
import dev.reactivedata.core.backup.BackupMode;
import dev.reactivedata.core.backup.BackupOperations;
import dev.reactivedata.core.backup.DatabaseLogin;
import dev.reactivedata.core.backup.ProgressListener;
import dev.reactivedata.core.transfer.ImportReport;
import dev.reactivedata.core.transfer.TableTransferOperations;
import dev.reactivedata.core.transfer.TransferFormat;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The operations of the {@code db} command line against PostgreSQL's own tools on the same seeded database:
 * {@code db backup} ({@code BackupOperations}: {@code pg_dump -Fc} plus the manifest's row counts in the dump's
 * snapshot and the SHA-256 while streaming) vs plain {@code pg_dump -Fc}; {@code db export} of {@code articles}
 * ({@code TableTransferOperations}, CSV with formula neutralisation, as the owner) vs {@code psql \copy … TO}
 * of the same columns; {@code db import} into {@code bench_bulk} as {@code rdl_app} through row-level security
 * (staging table, then {@code INSERT … SELECT}) vs {@code psql \copy … FROM} into the same table as the superuser,
 * which row-level security does not bind.
 */
final class DbOperationsScenario implements Scenario {

	static final String BACKUP = "db backup (BackupOperations)";

	static final String PG_DUMP = "pg_dump -Fc";

	static final String EXPORT = "db export csv (TableTransferOperations)";

	static final String COPY_TO = "psql \\copy TO csv";

	static final String IMPORT = "db import csv through RLS (TableTransferOperations)";

	static final String COPY_FROM = "psql \\copy FROM csv, superuser";

	private static final String ARTICLE_COLUMNS = "id, tenant_id, title, body, status, tags, metadata, version, "
			+ "created_at, updated_at, created_by, updated_by, deleted_at";

	private static final String BULK_COLUMNS = "tenant_id, title, body, status, tags, metadata";

	@Override
	public String id() {
		return "db-operations";
	}

	@Override
	public List<Row> run(BenchContext context) throws Exception {
		BenchFixture fixture = context.fixture();
		Servers servers = fixture.servers();
		int bulk = context.settings().bulkRows();
		String database = servers.database();
		DatabaseLogin admin = new DatabaseLogin(servers.jdbcUrl(database), servers.adminUser(), servers.adminPassword());
		TableTransferOperations transfer = new TableTransferOperations(dataSource(admin),
				dataSource(new DatabaseLogin(servers.jdbcUrl(database), Servers.APP_USER, servers.appPassword())),
				"app.tenant_id");
		Psql psql = new Psql(servers.pgHost(), servers.pgPort(), database);
		long articles = fixture.adminCount("SELECT count(*) FROM articles");
		Path directory = Files.createTempDirectory("rdl-bench-backup");
		Path plain = BulkRows.csv(bulk, fixture.tenant());
		Path withHeader = Files.createTempFile("rdl-bench-import", ".csv");
		try {
			Files.writeString(withHeader, BULK_COLUMNS.replace(" ", "") + "\n", StandardCharsets.UTF_8);
			try (OutputStream out = Files.newOutputStream(withHeader, StandardOpenOption.APPEND)) {
				Files.copy(plain, out);
			}
			BackupOperations backups = new BackupOperations(admin);
			Map<String, Measured> measured = context.trials(id())
				.work(BACKUP, "dumps/min", ignored -> {
					Sample sample = timed(() -> {
						backups.backup(BackupMode.FULL, directory, ProgressListener.NONE).block(Duration.ofMinutes(30));
						return 1;
					}, 60);
					backups.prune(directory, 0).block(Duration.ofMinutes(1));
					return sample;
				})
				.work(PG_DUMP, "dumps/min", ignored -> timed(() -> {
					Processes.run(List.of("pg_dump", "-Fc", "--dbname=postgresql://" + servers.pgHost() + ":"
							+ servers.pgPort() + "/" + database, "--username=" + servers.adminUser(), "--no-password",
							"--file=" + directory.resolve("plain.dump")), environment(servers), Duration.ofMinutes(30));
					return 1;
				}, 60))
				.work(EXPORT, "rows/s", ignored -> timed(() -> {
					long rows = transfer.export("articles", TransferFormat.CSV, OutputStream.nullOutputStream(),
							ProgressListener.NONE).block(Duration.ofMinutes(30)).rows();
					check(rows, articles, "exported");
					return articles;
				}, 1))
				.work(COPY_TO, "rows/s", ignored -> timed(() -> {
					psql.run(servers.adminUser(), servers.adminPassword(), "\\copy (SELECT " + ARTICLE_COLUMNS
							+ " FROM articles) TO '/dev/null' WITH (FORMAT csv, HEADER)");
					return articles;
				}, 1))
				.work(IMPORT, "rows/s", ignored -> {
					fixture.admin(database, "TRUNCATE bench_bulk");
					return timed(() -> {
						ImportReport report = transfer.importFile("bench_bulk", withHeader, TransferFormat.CSV,
								fixture.tenant().toString(), true, ProgressListener.NONE).block(Duration.ofMinutes(30));
						check(report.inserted(), bulk, "imported");
						return bulk;
					}, 1);
				})
				.work(COPY_FROM, "rows/s", ignored -> {
					fixture.admin(database, "TRUNCATE bench_bulk");
					return timed(() -> {
						psql.run(servers.adminUser(), servers.adminPassword(),
								"\\copy bench_bulk (" + BULK_COLUMNS + ") FROM '" + plain + "' WITH (FORMAT csv)");
						check(fixture.adminCount("SELECT count(*) FROM bench_bulk"), bulk, "copied");
						return bulk;
					}, 1);
				})
				.run();
			context.details().note("db operations: backup and pg_dump dump the whole bench database (" + Settings.count((int) articles)
					+ " articles) to a local file; the backup also counts every table's rows in the dump's snapshot and "
					+ "computes the SHA-256 while streaming. Export writes to a null stream, psql to /dev/null. Import reads a "
					+ Settings.count(bulk) + "-row CSV as rdl_app bound to the tenant, through a staging table and "
					+ "INSERT … SELECT under bench_bulk's row-level security; psql \\copy FROM loads the same rows as the superuser.");
			List<Row> rows = new ArrayList<>();
			Scenarios.pair(rows, measured, "db backup vs pg_dump -Fc (" + Settings.count((int) articles) + " articles)", BACKUP,
					PG_DUMP);
			Scenarios.pair(rows, measured, "db export " + Settings.count((int) articles) + " rows vs psql \\copy TO", EXPORT,
					COPY_TO);
			Scenarios.pair(rows, measured, "db import " + Settings.count(bulk) + " rows through RLS vs psql \\copy FROM",
					IMPORT, COPY_FROM);
			return rows;
		}
		finally {
			Files.deleteIfExists(plain);
			Files.deleteIfExists(withHeader);
			try (Stream<Path> files = Files.walk(directory)) {
				for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
					Files.deleteIfExists(file);
				}
			}
			fixture.admin(database, "TRUNCATE bench_bulk");
		}
	}

	private static Sample timed(UnitOfWork work, double scale) {
		long start = System.nanoTime();
		long units;
		try {
			units = work.run();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		return Sample.of(units * scale / seconds).with("seconds", seconds);
	}

	private static void check(long actual, long expected, String what) {
		if (actual != expected) {
			throw new IllegalStateException("expected " + expected + " rows " + what + ", found " + actual);
		}
	}

	private static Map<String, String> environment(Servers servers) {
		return servers.adminPassword().isEmpty() ? Map.of() : Map.of("PGPASSWORD", servers.adminPassword());
	}

	private static DataSource dataSource(DatabaseLogin login) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(login.jdbcUrl());
		dataSource.setUser(login.user());
		if (!login.password().isEmpty()) {
			dataSource.setPassword(login.password());
		}
		return dataSource;
	}

	@FunctionalInterface
	private interface UnitOfWork {

		long run() throws IOException;

	}

}
