package dev.reactivedata.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;

/**
 * A throw-away PostgreSQL server of one test, for tests that stop, restart or break the server: the shared
 * server must never be touched that way. {@code initdb} into a temporary directory (as the {@code postgres} OS
 * user when the tests run as root, because initdb refuses root), started on a free loopback port with its
 * socket in the same directory, trust authentication for the superuser {@code postgres}. Close it to stop the
 * server and delete its files.
 * <p>
 * Blocking (processes, JDBC): call it from test threads only, never from a reactive pipeline.
 */
public final class PrivatePostgres implements AutoCloseable {

	private static final String POSTGRES_USER = "postgres";

	private final Path directory;

	private final Path data;

	private final int port;

	private final boolean asPostgresUser;

	private final Path bin;

	private PrivatePostgres(Path directory, int port, boolean asPostgresUser, Path bin) {
		this.directory = directory;
		this.data = directory.resolve("data");
		this.port = port;
		this.asPostgresUser = asPostgresUser;
		this.bin = bin;
	}

	/**
	 * Creates and starts a new server.
	 * @return the running server
	 */
	public static PrivatePostgres start() {
		PrivatePostgres server = create();
		server.pgRun(List.of(server.bin.resolve("initdb").toString(), "-D", server.data.toString(), "-U",
				POSTGRES_USER, "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"));
		server.start0();
		return server;
	}

	/**
	 * Creates and starts a streaming replica of a running server: {@code pg_basebackup -R} (WAL streamed during
	 * the backup, a standby.signal and primary_conninfo written) into a new directory, started as a hot standby
	 * on a port of its own. The primary's trust rules of {@code initdb} already allow replication from loopback,
	 * and PostgreSQL's default {@code wal_level} is {@code replica}.
	 * @param primary the server to replicate
	 * @return the running replica
	 */
	public static PrivatePostgres replicaOf(PrivatePostgres primary) {
		PrivatePostgres server = create();
		server.pgRun(List.of(server.bin.resolve("pg_basebackup").toString(), "-h", primary.host(), "-p",
				String.valueOf(primary.port), "-U", POSTGRES_USER, "-D", server.data.toString(), "-R", "-X", "stream",
				"--no-sync", "-c", "fast"));
		server.start0();
		return server;
	}

	private static PrivatePostgres create() {
		Path bin = findBinaries();
		boolean root = "root".equals(System.getProperty("user.name"));
		try {
			Path directory = Files.createTempDirectory("rdl-private-pg-");
			PrivatePostgres server = new PrivatePostgres(directory, freePort(), root, bin);
			if (root) {
				run(List.of("chown", "-R", POSTGRES_USER, directory.toString()), false);
			}
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a private PostgreSQL server", ex);
		}
	}

	private static Path findBinaries() {
		String configured = System.getenv("REACTIVEDATA_TEST_PG_BIN");
		if (configured != null && Files.isExecutable(Path.of(configured, "initdb"))) {
			return Path.of(configured);
		}
		Path root = Path.of("/usr/lib/postgresql");
		try (Stream<Path> versions = Files.list(root)) {
			return versions.map(version -> version.resolve("bin"))
				.filter(candidate -> Files.isExecutable(candidate.resolve("initdb")))
				.max(Comparator.comparing(candidate -> Integer.parseInt(candidate.getParent().getFileName().toString()
					.replaceAll("\\D.*", ""))))
				.orElseThrow(() -> new IllegalStateException("No initdb under " + root));
		}
		catch (IOException ex) {
			throw new IllegalStateException("A private PostgreSQL server needs the PostgreSQL server binaries (initdb, "
					+ "pg_ctl) under /usr/lib/postgresql/<version>/bin or in REACTIVEDATA_TEST_PG_BIN", ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

	/** @return the loopback host */
	public String host() {
		return "127.0.0.1";
	}

	/** @return the port the server listens on (it keeps it across restarts) */
	public int port() {
		return this.port;
	}

	/**
	 * Creates an unpooled R2DBC connection factory for a database of this server, as superuser.
	 * @param database the database name
	 * @return the connection factory
	 */
	public ConnectionFactory connectionFactory(String database) {
		return new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
			.host(host())
			.port(this.port)
			.database(database)
			.username(POSTGRES_USER)
			.build());
	}

	/**
	 * Returns the R2DBC URL of a database of this server, as superuser.
	 * @param database the database name
	 * @return an {@code r2dbc:postgresql://} URL
	 */
	public String r2dbcUrl(String database) {
		return "r2dbc:postgresql://" + POSTGRES_USER + "@" + host() + ":" + this.port + "/" + database;
	}

	/**
	 * Runs a query returning one value on a database of this server, as superuser, over JDBC.
	 * @param database the database name
	 * @param sql the query
	 * @return the first column of the first row, as text, or {@code null}
	 */
	public @Nullable String queryValue(String database, String sql) {
		try (Connection connection = DriverManager.getConnection(
				"jdbc:postgresql://" + host() + ":" + this.port + "/" + database, POSTGRES_USER, "");
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			return rows.next() ? rows.getString(1) : null;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not query the private server", ex);
		}
	}

	/**
	 * Runs SQL statements on a database of this server, as superuser, over JDBC.
	 * @param database the database name
	 * @param statements the statements
	 */
	public void execute(String database, String... statements) {
		try (Connection connection = DriverManager.getConnection(
				"jdbc:postgresql://" + host() + ":" + this.port + "/" + database, POSTGRES_USER, "");
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run SQL on the private server", ex);
		}
	}

	/** Stops the server (fast shutdown: clients are disconnected) and waits until it is down. */
	public void stop() {
		pgRun(List.of(this.bin.resolve("pg_ctl").toString(), "-D", this.data.toString(), "-m", "fast", "-w", "-t", "60",
				"stop"));
	}

	/** Starts the stopped server again and waits until it accepts connections. */
	public void startAgain() {
		start0();
	}

	/** Restarts the server ({@code pg_ctl restart}, fast mode) and waits until it accepts connections. */
	public void restart() {
		pgRun(List.of(this.bin.resolve("pg_ctl").toString(), "-D", this.data.toString(), "-m", "fast", "-w", "-t", "60",
				"-l", this.directory.resolve("server.log").toString(), "-o", options(), "restart"));
	}

	private void start0() {
		pgRun(List.of(this.bin.resolve("pg_ctl").toString(), "-D", this.data.toString(), "-w", "-t", "60", "-l",
				this.directory.resolve("server.log").toString(), "-o", options(), "start"));
	}

	private String options() {
		return "-p " + this.port + " -k " + this.directory + " -c listen_addresses=127.0.0.1 -c fsync=off"
				+ " -c max_connections=40 -c shared_buffers=16MB";
	}

	/** Stops the server if it runs and deletes its files. */
	@Override
	public void close() {
		try {
			if (Files.exists(this.data.resolve("postmaster.pid"))) {
				pgRun(List.of(this.bin.resolve("pg_ctl").toString(), "-D", this.data.toString(), "-m", "immediate", "-w",
						"stop"));
			}
		}
		finally {
			try (Stream<Path> files = Files.walk(this.directory)) {
				files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not delete " + this.directory, ex);
			}
		}
	}

	private void pgRun(List<String> command) {
		if (this.asPostgresUser) {
			List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", POSTGRES_USER, "--"));
			wrapped.addAll(command);
			run(wrapped, true);
		}
		else {
			run(command, true);
		}
	}

	private static void run(List<String> command, boolean inTmp) {
		try {
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
			if (inTmp) {
				builder.directory(Path.of(System.getProperty("java.io.tmpdir")).toFile());
			}
			Process process = builder.start();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("'" + String.join(" ", command) + "' failed:\n"
						+ new String(output, StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + command, ex);
		}
	}

}
