package dev.reactivedata.core.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.reactivedata.core.migration.LibraryMigrations;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code db backup}, {@code db backups} and {@code db restore} with the real {@code pg_dump} and
 * {@code pg_restore} on a seeded database, restoring into second databases of the same server.
 */
class BackupCommandsIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations(LibraryMigrations.LOCATION,
			"classpath:db/migration-test-app");

	@TempDir
	Path backups;

	private final StringWriter out = new StringWriter();

	private final StringWriter err = new StringWriter();

	@BeforeAll
	static void seed() throws SQLException {
		try (Connection connection = connect(dataLayer.database().name()); Statement statement = connection.createStatement()) {
			statement.execute("""
					CREATE TABLE items (id bigserial PRIMARY KEY, name text NOT NULL, tags text[], data jsonb);
					INSERT INTO items (name, tags, data)
					  SELECT 'item ' || i, ARRAY['t' || (i % 7)], jsonb_build_object('i', i) FROM generate_series(1, 2000) i;
					CREATE TABLE secrets (id int PRIMARY KEY, tenant text NOT NULL, body text);
					INSERT INTO secrets SELECT i, 'tenant' || (i % 3), md5(i::text) FROM generate_series(1, 300) i;
					ALTER TABLE secrets ENABLE ROW LEVEL SECURITY;
					ALTER TABLE secrets FORCE ROW LEVEL SECURITY;
					CREATE POLICY secrets_tenant ON secrets USING (tenant = current_setting('app.tenant', true));
					CREATE TABLE empty_things (id int);
					""");
		}
	}

	@AfterAll
	static void dropTargets() throws SQLException {
		try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
			for (String suffix : List.of("_copy", "_filled", "_corrupt", "_split")) {
				statement.execute("DROP DATABASE IF EXISTS " + dataLayer.database().name() + suffix + " WITH (FORCE)");
			}
		}
	}

	@Test
	void backupWritesTheDumpAndItsManifest() throws IOException {
		assertThat(execute("backup", "--dir", this.backups.toString(), "--format", "json")).isZero();
		String json = this.out.toString();
		assertThat(json).contains("\"database\":\"" + dataLayer.database().name() + "\"", "\"mode\":\"FULL\"",
				"\"public.items\":2000", "\"public.secrets\":300", "\"public.empty_things\":0", "\"public.notes\":0",
				"\"libraryVersion\":\"0.0.6\"", "\"applicationVersion\":\"7\"", "\"pgDumpVersion\":");
		try (Stream<Path> files = Files.list(this.backups)) {
			List<String> names = files.map(path -> path.getFileName().toString()).sorted().toList();
			assertThat(names).hasSize(2);
			assertThat(names.get(0)).endsWith(".dump");
			assertThat(names.get(1)).isEqualTo(names.get(0) + ".json");
			assertThat(Files.size(this.backups.resolve(names.get(0)))).isPositive();
		}
	}

	@Test
	void backupsListsAndPrunesTheOldest() {
		assertThat(execute("backup", "--dir", this.backups.toString())).isZero();
		assertThat(execute("backup", "--schema-only", "--dir", this.backups.toString())).isZero();
		assertThat(execute("backup", "--data-only", "--dir", this.backups.toString())).isZero();
		this.out.getBuffer().setLength(0);
		assertThat(execute("backups", "--dir", this.backups.toString())).isZero();
		List<String> lines = this.out.toString().lines().toList();
		assertThat(lines).hasSize(4);
		assertThat(lines.get(1)).contains("-data.dump", "data_only");
		assertThat(lines.get(3)).doesNotContain("-data.dump", "-schema.dump");
		this.out.getBuffer().setLength(0);
		assertThat(execute("backups", "prune", "--keep", "1", "--dir", this.backups.toString())).isZero();
		assertThat(this.out.toString()).contains("2 deleted");
		assertThat(this.backups.toFile().list()).hasSize(2).allMatch(name -> name.contains("-data.dump"));
	}

	@Test
	void roundTripRestoresEveryTableWithTheSameContents() throws SQLException {
		Path dump = backup();
		String target = createDatabase("_copy");
		assertThat(execute("restore", dump.toString(), "--target", target, "--verify")).isZero();
		assertThat(this.out.toString()).contains("verified: checksum and row counts of 11 tables match");
		assertThat(checksums(target)).isEqualTo(checksums(dataLayer.database().name())).containsKey("public.items");
	}

	@Test
	void corruptedFileIsRefusedBeforeAnythingIsWritten() throws IOException, SQLException {
		Path dump = backup();
		try (RandomAccessFile file = new RandomAccessFile(dump.toFile(), "rw")) {
			file.setLength(file.length() - 100);
		}
		String target = createDatabase("_corrupt");
		assertThat(execute("restore", dump.toString(), "--target", target, "--verify")).isEqualTo(1);
		assertThat(this.err.toString()).contains("does not match its manifest", "corrupted or truncated");
		assertThat(this.err.toString().strip().lines()).hasSize(1);
		assertThat(checksums(target)).isEmpty();
	}

	@Test
	void nonEmptyTargetIsRefusedWithoutClean() throws SQLException {
		Path dump = backup();
		String target = createDatabase("_filled");
		try (Connection connection = connect(target); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE items (id int); INSERT INTO items VALUES (1)");
		}
		assertThat(execute("restore", dump.toString(), "--target", target)).isEqualTo(1);
		assertThat(this.err.toString().strip()).isEqualTo("target database " + target
				+ " is not empty (1 tables, views or sequences): restore with --clean to replace its objects");
		this.err.getBuffer().setLength(0);
		assertThat(execute("restore", dump.toString(), "--target", target, "--clean", "--verify")).isZero();
		assertThat(checksums(target)).isEqualTo(checksums(dataLayer.database().name()));
	}

	@Test
	void schemaOnlyThenDataOnlyRestoresTheSameContents() throws SQLException {
		Path directory = this.backups.resolve("split");
		assertThat(execute("backup", "--schema-only", "--dir", directory.toString())).isZero();
		assertThat(execute("backup", "--data-only", "--dir", directory.toString())).isZero();
		Path schema = directory.resolve(only(directory, "-schema.dump"));
		Path data = directory.resolve(only(directory, "-data.dump"));
		String target = createDatabase("_split");
		assertThat(execute("restore", schema.toString(), "--target", target)).isZero();
		assertThat(execute("restore", data.toString(), "--target", target, "--verify")).isZero();
		assertThat(checksums(target)).isEqualTo(checksums(dataLayer.database().name()));
		assertThat(execute("restore", data.toString(), "--target", target)).isEqualTo(1);
		assertThat(this.err.toString()).contains("a data-only backup restores into empty tables");
	}

	@Test
	void missingTargetDatabaseIsOneLine() {
		Path dump = backup();
		assertThat(execute("restore", dump.toString(), "--target", "rdl_test_no_such_db")).isEqualTo(1);
		assertThat(this.err.toString().strip())
			.isEqualTo("target database rdl_test_no_such_db does not exist: create it first (CREATE DATABASE rdl_test_no_such_db)");
	}

	@Test
	void unwritableDirectoryIsOneLine() throws IOException {
		Path file = Files.writeString(this.backups.resolve("not-a-directory"), "x");
		assertThat(execute("backup", "--dir", file.resolve("sub").toString())).isEqualTo(1);
		assertThat(this.err.toString().strip()).startsWith("cannot create backup directory " + file.resolve("sub"));
	}

	private static String only(Path directory, String suffix) {
		String[] names = directory.toFile().list((dir, name) -> name.endsWith(suffix));
		assertThat(names).hasSize(1);
		return names[0];
	}

	private Path backup() {
		Path directory = this.backups.resolve("source");
		assertThat(execute("backup", "--dir", directory.toString())).isZero();
		this.out.getBuffer().setLength(0);
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter(path -> path.toString().endsWith(".dump")).findFirst().orElseThrow();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private int execute(String... args) {
		GenericApplicationContext context = new GenericApplicationContext();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("spring.flyway.url", dataLayer.database().jdbcUrl(),
					"spring.flyway.user", dataLayer.database().ownerUser(), "spring.flyway.password",
					dataLayer.database().ownerPassword())));
		context.refresh();
		try (context) {
			return DbCommandLine.execute(context, new PrintWriter(this.out, true), new PrintWriter(this.err, true),
					false, args);
		}
	}

	private static String createDatabase(String suffix) throws SQLException {
		String name = dataLayer.database().name() + suffix;
		try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
			statement.execute("CREATE DATABASE " + name + " TEMPLATE template0");
		}
		return name;
	}

	/**
	 * A checksum of every table's contents, by table.
	 */
	static Map<String, String> checksums(String database) throws SQLException {
		Map<String, String> checksums = new LinkedHashMap<>();
		try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
			statement.execute("SET row_security = off");
			List<String> tables;
			try (ResultSet rows = statement.executeQuery("SELECT schemaname || '.' || tablename FROM pg_tables "
					+ "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1")) {
				tables = new java.util.ArrayList<>();
				while (rows.next()) {
					tables.add(rows.getString(1));
				}
			}
			for (String table : tables) {
				try (ResultSet rows = statement.executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' "
						+ "ORDER BY t::text)), '') FROM " + table + " t")) {
					rows.next();
					checksums.put(table, rows.getString(1));
				}
			}
		}
		return checksums;
	}

	static Connection connect(String database) throws SQLException {
		return DriverManager.getConnection(dataLayer.database().jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1"),
				dataLayer.database().ownerUser(), dataLayer.database().ownerPassword());
	}

}
