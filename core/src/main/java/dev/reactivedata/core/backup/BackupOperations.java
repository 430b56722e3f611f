package dev.reactivedata.core.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Backups with {@code pg_dump -Fc} and restores with {@code pg_restore}, each dump with a {@link BackupManifest}
 * beside it. The dump streams through a SHA-256 digest into a temporary file that is renamed once complete, so a
 * directory never holds half a backup; the row counts of the manifest are taken concurrently in the very snapshot
 * {@code pg_dump} dumps (exported from a {@code REPEATABLE READ} transaction held open until the dump ends).
 * <p>
 * The programs and JDBC block, so every operation runs on {@link Schedulers#boundedElastic()} when subscribed.
 * Publishers are cold and fail with {@link BackupException} for refusals and failures (missing or too old
 * program, unwritable directory, corrupted file, missing or non-empty target), with the JDBC error when the
 * database cannot be reached.
 */
public final class BackupOperations {

	private static final String DUMP = ".dump";

	private static final String MANIFEST = ".json";

	private static final String TEMPORARY = ".tmp";

	private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
		.withZone(ZoneOffset.UTC);

	private static final String LIBRARY_HISTORY = "reactivedata_schema_history";

	private static final String APPLICATION_HISTORY = "flyway_schema_history";

	private final DatabaseLogin login;

	private final PgTool pgDump;

	private final PgTool pgRestore;

	private final Clock clock;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Executor executor = task -> Schedulers.boundedElastic().schedule(task);

	/**
	 * Creates the operations with {@code pg_dump} and {@code pg_restore} from the {@code PATH}.
	 * @param login the database and the user to dump as (the schema owner, who reads every row)
	 */
	public BackupOperations(DatabaseLogin login) {
		this(login, "pg_dump", "pg_restore", Clock.systemUTC());
	}

	/**
	 * Creates the operations with the given programs.
	 * @param login the database and the user to dump as
	 * @param pgDump the {@code pg_dump} program, a name on the {@code PATH} or a path
	 * @param pgRestore the {@code pg_restore} program
	 * @param clock the clock of the manifests and file names
	 */
	public BackupOperations(DatabaseLogin login, String pgDump, String pgRestore, Clock clock) {
		this.login = Objects.requireNonNull(login, "login must not be null");
		this.pgDump = new PgTool("pg_dump", Objects.requireNonNull(pgDump, "pgDump must not be null"));
		this.pgRestore = new PgTool("pg_restore", Objects.requireNonNull(pgRestore, "pgRestore must not be null"));
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	/**
	 * Dumps the database into {@code directory} ({@code <database>-<time>.dump} and its {@code .json} manifest),
	 * after checking that {@code pg_dump} is there and at least as new as the server.
	 * @param mode what to dump
	 * @param directory where to write, created when missing
	 * @param progress hears the tables dumped
	 * @return the manifest written
	 */
	public Mono<BackupManifest> backup(BackupMode mode, Path directory, ProgressListener progress) {
		Objects.requireNonNull(mode, "mode must not be null");
		Objects.requireNonNull(directory, "directory must not be null");
		Objects.requireNonNull(progress, "progress must not be null");
		return blocking(() -> dump(mode, directory, progress));
	}

	/**
	 * Reads the manifests in a directory.
	 * @param directory the directory; a missing one holds no backups
	 * @return the backups, newest first
	 */
	public Mono<List<BackupManifest>> list(Path directory) {
		Objects.requireNonNull(directory, "directory must not be null");
		return blocking(() -> manifests(directory));
	}

	/**
	 * Deletes all but the newest {@code keep} backups of a directory (dump and manifest).
	 * @param directory the directory
	 * @param keep how many to keep, at least 0
	 * @return the backups deleted, oldest first
	 */
	public Mono<List<BackupManifest>> prune(Path directory, int keep) {
		Objects.requireNonNull(directory, "directory must not be null");
		if (keep < 0) {
			return Mono.error(new IllegalArgumentException("keep must not be negative"));
		}
		return blocking(() -> {
			List<BackupManifest> all = manifests(directory);
			List<BackupManifest> deleted = new ArrayList<>(all.subList(Math.min(keep, all.size()), all.size()));
			Collections.reverse(deleted);
			for (BackupManifest manifest : deleted) {
				Files.deleteIfExists(directory.resolve(manifest.file()));
				Files.deleteIfExists(manifestOf(directory.resolve(manifest.file())));
			}
			return deleted;
		});
	}

	/**
	 * Restores a dump into another (or the same) database of the server with {@code pg_restore}, in one
	 * transaction. Before anything is written it checks that the file is a readable archive and, with
	 * {@code verify}, that its size and SHA-256 match the manifest; it refuses a target that does not exist and
	 * one that is not empty unless {@code clean} (then the dump's objects are dropped and recreated).
	 * @param file the dump
	 * @param target the database to restore into
	 * @param verify whether to check the checksum before and compare every table's row count after
	 * @param clean whether to replace the objects of a non-empty target
	 * @param progress hears the tables restored
	 * @return what was restored and, verified, which counts differ
	 */
	public Mono<RestoreReport> restore(Path file, String target, boolean verify, boolean clean,
			ProgressListener progress) {
		Objects.requireNonNull(file, "file must not be null");
		Objects.requireNonNull(target, "target must not be null");
		Objects.requireNonNull(progress, "progress must not be null");
		return blocking(() -> new Restore(file, target, verify, clean, progress).run());
	}

	private BackupManifest dump(BackupMode mode, Path directory, ProgressListener progress)
			throws IOException, SQLException {
		int toolVersion = this.pgDump.majorVersion();
		try (Connection connection = this.login.connect()) {
			ServerVersion server = ServerVersion.of(connection);
			if (toolVersion < server.major()) {
				throw new BackupException(this.pgDump.tooOld(toolVersion, server.major(), "PostgreSQL server"));
			}
			writableDirectory(directory);
			Instant now = this.clock.instant();
			String name = this.login.database() + "-" + FILE_TIME.format(now)
					+ ((mode == BackupMode.FULL) ? "" : "-" + mode.name().toLowerCase().replace("_only", "")) + DUMP;
			Path file = directory.resolve(name);
			Path partial = directory.resolve(name + TEMPORARY);
			Path manifestFile = manifestOf(file);
			Path partialManifest = directory.resolve(manifestFile.getFileName() + TEMPORARY);
			try {
				connection.setAutoCommit(false);
				connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
				connection.setReadOnly(true);
				String snapshot = Sql.text(connection, "SELECT pg_export_snapshot()");
				Written written = runDump(connection, snapshot, mode, partial, progress);
				BackupManifest manifest = new BackupManifest(name, now, this.login.database(), server.text(),
						toolVersion, mode, written.contents().libraryVersion(), written.contents().applicationVersion(),
						written.contents().rowCounts(), written.size(), written.sha256());
				connection.rollback();
				Files.writeString(partialManifest, this.json.writerWithDefaultPrettyPrinter().writeValueAsString(manifest));
				Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
				Files.move(partialManifest, manifestFile, StandardCopyOption.ATOMIC_MOVE);
				return manifest;
			}
			finally {
				Files.deleteIfExists(partial);
				Files.deleteIfExists(partialManifest);
			}
		}
	}

	/**
	 * Runs pg_dump in the exported snapshot, copying its output through the digest on this thread while other
	 * threads read pg_dump's messages and, on the snapshot's connection, list the tables, count their rows and read
	 * the migration versions in the same snapshot: none of it waits for the dump, nor the dump for it.
	 */
	private Written runDump(Connection snapshotConnection, String snapshot, BackupMode mode, Path partial,
			ProgressListener progress) throws IOException {
		List<String> arguments = new ArrayList<>(List.of("--format=custom", "--verbose", "--snapshot=" + snapshot,
				"--dbname=" + this.login.libpqUri(), "--username=" + this.login.user(), "--no-password"));
		if (mode == BackupMode.SCHEMA_ONLY) {
			arguments.add("--schema-only");
		}
		else if (mode == BackupMode.DATA_ONLY) {
			arguments.add("--data-only");
		}
		Process process = this.pgDump.start(arguments, environment());
		try {
			CompletableFuture<List<String>> tables = CompletableFuture
				.supplyAsync(() -> unchecked(() -> Sql.tables(snapshotConnection)), this.executor);
			CompletableFuture<Contents> contents = tables.thenApplyAsync(
					names -> unchecked(() -> contents(snapshotConnection, (mode == BackupMode.SCHEMA_ONLY) ? List.of() : names)),
					this.executor);
			// The messages are read until pg_dump ends whatever happens to the listing (its error comes with the
			// contents): a reader that stopped would leave pg_dump blocked on a full pipe.
			CompletableFuture<Integer> total = (mode == BackupMode.SCHEMA_ONLY) ? CompletableFuture.completedFuture(0)
					: tables.handle((names, error) -> (names != null) ? names.size() : 0);
			AtomicLong done = new AtomicLong();
			CompletableFuture<List<String>> messages = CompletableFuture.supplyAsync(() -> uncheckedMessages(
					process.getErrorStream(), line -> {
						if (line.contains("dumping contents of table")) {
							progress.progress(done.incrementAndGet(), total.join());
						}
					}), this.executor);
			MessageDigest digest = sha256();
			long size;
			try (InputStream in = process.getInputStream();
					OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), digest)) {
				size = in.transferTo(out);
			}
			int exit = waitFor(process);
			List<String> problems = join(messages);
			if (exit != 0) {
				throw new BackupException("pg_dump failed (exit " + exit + "): "
						+ (problems.isEmpty() ? "no message" : problems.get(problems.size() - 1)));
			}
			return new Written(join(contents), size, HexFormat.of().formatHex(digest.digest()));
		}
		finally {
			process.destroyForcibly();
		}
	}

	private static Contents contents(Connection connection, List<String> tables) throws SQLException {
		return new Contents(Sql.rowCounts(connection, tables), version(connection, LIBRARY_HISTORY),
				version(connection, APPLICATION_HISTORY));
	}

	private List<BackupManifest> manifests(Path directory) throws IOException {
		List<BackupManifest> manifests = new ArrayList<>();
		if (!Files.isDirectory(directory)) {
			return manifests;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + DUMP + MANIFEST)) {
			for (Path file : files) {
				manifests.add(readManifest(file));
			}
		}
		manifests.sort(Comparator.comparing(BackupManifest::createdAt).thenComparing(BackupManifest::file).reversed());
		return manifests;
	}

	private BackupManifest readManifest(Path file) throws IOException {
		try {
			return this.json.readValue(Files.readString(file), BackupManifest.class);
		}
		catch (JacksonException ex) {
			throw new BackupException("backup manifest " + file + " is not readable: " + ex.getOriginalMessage(), ex);
		}
	}

	private Map<String, String> environment() {
		return this.login.password().isEmpty() ? Map.of() : Map.of("PGPASSWORD", this.login.password());
	}

	static Path manifestOf(Path dump) {
		return dump.resolveSibling(dump.getFileName() + MANIFEST);
	}

	private static void writableDirectory(Path directory) {
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new BackupException("cannot create backup directory " + directory + ": " + reason(ex), ex);
		}
		if (!Files.isWritable(directory)) {
			throw new BackupException("backup directory " + directory + " is not writable");
		}
	}

	private static String reason(IOException ex) {
		if (ex instanceof AccessDeniedException) {
			return "permission denied";
		}
		if (ex instanceof NoSuchFileException) {
			return "no such file or directory";
		}
		return String.valueOf(ex.getMessage());
	}

	/**
	 * The newest successfully applied version of a Flyway history table, compared part by part as numbers;
	 * {@code null} when the table is missing or empty.
	 */
	private static @Nullable String version(Connection connection, String table) throws SQLException {
		if (Sql.text(connection, "SELECT to_regclass('" + table + "')::text") == null) {
			return null;
		}
		List<String> versions = Sql.texts(connection,
				"SELECT version FROM " + table + " WHERE success AND version IS NOT NULL");
		return versions.stream().max(BackupOperations::compareVersions).orElse(null);
	}

	static int compareVersions(String left, String right) {
		String[] a = left.split("[._]");
		String[] b = right.split("[._]");
		for (int i = 0; i < Math.max(a.length, b.length); i++) {
			long x = (i < a.length) ? Long.parseLong(a[i]) : 0;
			long y = (i < b.length) ? Long.parseLong(b[i]) : 0;
			if (x != y) {
				return Long.compare(x, y);
			}
		}
		return 0;
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	static int waitFor(Process process) {
		try {
			return process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BackupException("interrupted while waiting for " + process.info().command().orElse("a program"), ex);
		}
	}

	static <T> T join(CompletableFuture<T> future) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw ex;
		}
	}

	static List<String> uncheckedMessages(InputStream stream, Consumer<String> each) {
		try {
			return PgTool.readMessages(stream, each);
		}
		catch (IOException ex) {
			throw new BackupException("cannot read the messages of a PostgreSQL program: " + ex.getMessage(), ex);
		}
	}

	private static <T> T unchecked(SqlWork<T> work) {
		try {
			return work.run();
		}
		catch (SQLException ex) {
			throw new BackupException("cannot read the contents of the backup: " + ex.getMessage(), ex);
		}
	}

	private static <T> Mono<T> blocking(Callable<T> work) {
		return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
	}

	private record Written(Contents contents, long size, String sha256) {
	}

	/** What the manifest says of the dump's snapshot. */
	private record Contents(Map<String, Long> rowCounts, @Nullable String libraryVersion,
			@Nullable String applicationVersion) {
	}

	@FunctionalInterface
	private interface SqlWork<T> {

		T run() throws SQLException;

	}

	/**
	 * One restore, step by step: checks that write nothing first, then pg_restore in one transaction, then the
	 * comparison.
	 */
	private final class Restore {

		private final Path file;

		private final String target;

		private final boolean verify;

		private final boolean clean;

		private final ProgressListener progress;

		Restore(Path file, String target, boolean verify, boolean clean, ProgressListener progress) {
			this.file = file;
			this.target = target;
			this.verify = verify;
			this.clean = clean;
			this.progress = progress;
		}

		RestoreReport run() throws IOException, SQLException {
			if (!Files.isRegularFile(this.file)) {
				throw new BackupException("no backup file " + this.file);
			}
			BackupManifest manifest = Files.isRegularFile(manifestOf(this.file)) ? readManifest(manifestOf(this.file)) : null;
			if (manifest == null && this.verify) {
				throw new BackupException("cannot verify " + this.file + ": its manifest " + manifestOf(this.file)
						+ " is missing");
			}
			int toolVersion = BackupOperations.this.pgRestore.majorVersion();
			if (manifest != null && toolVersion < manifest.pgDumpVersion()) {
				throw new BackupException(BackupOperations.this.pgRestore.tooOld(toolVersion, manifest.pgDumpVersion(),
						"a dump of pg_dump"));
			}
			if (this.verify) {
				checkDigest(manifest);
			}
			checkArchive();
			DatabaseLogin targetLogin = BackupOperations.this.login.withDatabase(this.target);
			BackupMode mode = (manifest != null) ? manifest.mode() : BackupMode.FULL;
			try (Connection connection = connectTarget(targetLogin)) {
				checkTarget(connection, mode, manifest);
			}
			runRestore(targetLogin, (manifest != null && mode != BackupMode.SCHEMA_ONLY) ? manifest.rowCounts().size() : -1);
			if (!this.verify) {
				return new RestoreReport(this.file.toString(), this.target, false, 0, List.of());
			}
			try (Connection connection = targetLogin.connect()) {
				return compare(connection, manifest);
			}
		}

		private void checkDigest(BackupManifest manifest) throws IOException {
			MessageDigest digest = sha256();
			long size;
			try (InputStream in = Files.newInputStream(this.file);
					OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
				size = in.transferTo(out);
			}
			String sha256 = HexFormat.of().formatHex(digest.digest());
			if (size != manifest.size() || !sha256.equals(manifest.sha256())) {
				throw new BackupException("backup " + this.file + " does not match its manifest (" + size + " bytes, "
						+ "SHA-256 " + sha256 + "; manifest: " + manifest.size() + " bytes, " + manifest.sha256()
						+ "): corrupted or truncated, nothing restored");
			}
		}

		private void checkArchive() {
			Process process = BackupOperations.this.pgRestore.start(List.of("--list", this.file.toString()), Map.of());
			try {
				CompletableFuture<List<String>> messages = CompletableFuture.supplyAsync(
						() -> uncheckedMessages(process.getErrorStream(), line -> {
						}), BackupOperations.this.executor);
				try (InputStream toc = process.getInputStream()) {
					toc.transferTo(OutputStream.nullOutputStream());
				}
				catch (IOException ex) {
					throw new BackupException("cannot read the table of contents of " + this.file + ": " + ex.getMessage(), ex);
				}
				int exit = waitFor(process);
				List<String> problems = join(messages);
				if (exit != 0) {
					throw new BackupException("backup " + this.file + " is not a readable pg_dump archive, nothing "
							+ "restored: " + (problems.isEmpty() ? "exit " + exit : problems.get(problems.size() - 1)));
				}
			}
			finally {
				process.destroyForcibly();
			}
		}

		private Connection connectTarget(DatabaseLogin targetLogin) throws SQLException {
			try {
				return targetLogin.connect();
			}
			catch (SQLException ex) {
				if ("3D000".equals(ex.getSQLState())) {
					throw new BackupException("target database " + this.target + " does not exist: create it first "
							+ "(CREATE DATABASE " + this.target + ")", ex);
				}
				throw ex;
			}
		}

		private void checkTarget(Connection connection, BackupMode mode, @Nullable BackupManifest manifest)
				throws SQLException {
			if (mode == BackupMode.DATA_ONLY) {
				if (this.clean) {
					throw new BackupException("--clean cannot replace the data of a data-only backup; empty the "
							+ "tables of " + this.target + " first");
				}
				Map<String, Long> counts = Sql.rowCounts(connection, Sql.tables(connection));
				List<String> filled = counts.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
				if (!filled.isEmpty()) {
					throw new BackupException("target database " + this.target + " has rows in " + filled
							+ "; a data-only backup restores into empty tables");
				}
				return;
			}
			long objects = Long.parseLong(Objects.requireNonNull(Sql.text(connection, """
					SELECT count(*)::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
					WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
					  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
					  AND n.nspname NOT LIKE 'pg\\_%'""")));
			if (objects > 0 && !this.clean) {
				throw new BackupException("target database " + this.target + " is not empty (" + objects
						+ " tables, views or sequences): restore with --clean to replace its objects");
			}
		}

		private void runRestore(DatabaseLogin targetLogin, long tables) {
			List<String> arguments = new ArrayList<>(List.of("--verbose", "--exit-on-error", "--single-transaction",
					"--dbname=" + targetLogin.libpqUri(), "--username=" + targetLogin.user(), "--no-password"));
			if (this.clean) {
				arguments.addAll(List.of("--clean", "--if-exists"));
			}
			arguments.add(this.file.toString());
			Process process = BackupOperations.this.pgRestore.start(arguments, environment());
			try {
				AtomicLong done = new AtomicLong();
				process.getOutputStream().close();
				CompletableFuture<List<String>> messages = CompletableFuture.supplyAsync(
						() -> uncheckedMessages(process.getErrorStream(), line -> {
							if (line.contains("processing data for table")) {
								this.progress.progress(done.incrementAndGet(), tables);
							}
						}), BackupOperations.this.executor);
				try (InputStream out = process.getInputStream()) {
					out.transferTo(OutputStream.nullOutputStream());
				}
				int exit = waitFor(process);
				List<String> problems = join(messages);
				if (exit != 0) {
					throw new BackupException("pg_restore failed, nothing restored (one transaction): "
							+ (problems.isEmpty() ? "exit " + exit : problems.get(0)));
				}
			}
			catch (IOException ex) {
				throw new BackupException("pg_restore failed: " + ex.getMessage(), ex);
			}
			finally {
				process.destroyForcibly();
			}
		}

		private RestoreReport compare(Connection connection, BackupManifest manifest) throws SQLException {
			List<String> present = Sql.tables(connection);
			List<String> expected = new ArrayList<>(manifest.rowCounts().keySet());
			expected.sort(null);
			Map<String, Long> actual = new LinkedHashMap<>(Sql.rowCounts(connection,
					expected.stream().filter(present::contains).toList()));
			List<RestoreReport.RowCountDifference> differences = new ArrayList<>();
			for (String table : expected) {
				long count = actual.getOrDefault(table, -1L);
				long wanted = manifest.rowCounts().get(table);
				if (count != wanted) {
					differences.add(new RestoreReport.RowCountDifference(table, wanted, count));
				}
			}
			return new RestoreReport(this.file.toString(), this.target, true, expected.size(), differences);
		}

	}

}
