package dev.reactivedata.core.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code db export} and {@code db import} on a real PostgreSQL: round trips in both formats, formula
 * neutralisation, rejected lines, row-level security on import and export.
 */
class TransferCommandsIntegrationTests {

	private static final String IMPORTER = "rdl_test_importer";

	private static final String TENANT_A = "11111111-1111-1111-1111-111111111111";

	private static final String TENANT_B = "22222222-2222-2222-2222-222222222222";

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	@TempDir
	Path files;

	private final StringWriter out = new StringWriter();

	private final StringWriter err = new StringWriter();

	@BeforeAll
	static void seed() throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("""
					DO $$ BEGIN
					    CREATE ROLE rdl_test_importer LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD 'importer';
					EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
					END $$;
					CREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text, amount int,
					    tags text[] NOT NULL DEFAULT '{}', data jsonb,
					    words tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(title, ''))) STORED);
					INSERT INTO notes (title, amount, tags, data) VALUES
					    ('=1+2', -5, '{a,b}', '{"k": 1}'), ('+cmd', 2, '{}', NULL), ('-x', 3, '{"c d"}', '[1, 2]'),
					    ('@sum(A1)', 4, '{}', '{}'), ('''=already', 5, '{}', '"s"'), ('plain', 6, '{}', NULL),
					    (e'two\\nlines, "quoted"', 7, '{}', NULL), ('', NULL, '{}', NULL), (NULL, 9, '{}', NULL);
					INSERT INTO notes (title, amount) SELECT 'note ' || i, i FROM generate_series(1, 3000) i;
					CREATE TABLE notes_csv (LIKE notes INCLUDING ALL);
					CREATE TABLE notes_ndjson (LIKE notes INCLUDING ALL);
					CREATE TABLE counted (id int PRIMARY KEY, amount int NOT NULL CHECK (amount >= 0));
					CREATE TABLE tenant_notes (id int PRIMARY KEY, tenant_id uuid NOT NULL, body text);
					ALTER TABLE tenant_notes ENABLE ROW LEVEL SECURITY;
					ALTER TABLE tenant_notes FORCE ROW LEVEL SECURITY;
					CREATE POLICY tenant_notes_isolation ON tenant_notes
					    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
					GRANT SELECT, INSERT ON notes, notes_csv, notes_ndjson, counted, tenant_notes TO rdl_test_importer;
					""");
		}
	}

	@Test
	void csvExportNeutralisesFormulasAndImportRestoresThem() throws IOException, SQLException {
		Path file = this.files.resolve("notes.csv");
		assertThat(execute(Map.of(), "export", "notes", "--out", file.toString())).isZero();
		assertThat(this.out.toString()).contains("exported 3009 rows of public.notes to " + file, "5 cells neutralised");
		String csv = Files.readString(file);
		assertThat(csv).startsWith("id,title,amount,tags,data\n")
			.contains(",'=1+2,-5,", ",'+cmd,2,", ",'-x,3,", ",'@sum(A1),4,", ",''=already,5,")
			.contains("\"two\nlines, \"\"quoted\"\"\"").doesNotContain("words");
		assertThat(this.files.toFile().list()).containsExactly("notes.csv");
		this.out.getBuffer().setLength(0);
		assertThat(execute(Map.of(), "import", "notes_csv", file.toString())).isZero();
		assertThat(this.out.toString()).contains("inserted 3009 rows into public.notes_csv, rejected 0 lines");
		assertThat(checksum("notes_csv")).isEqualTo(checksum("notes"));
	}

	@Test
	void ndjsonRoundTrip() throws SQLException {
		Path file = this.files.resolve("notes.ndjson");
		assertThat(execute(Map.of(), "export", "notes", "--format", "ndjson", "--out", file.toString())).isZero();
		assertThat(execute(Map.of(), "import", "notes_ndjson", file.toString())).isZero();
		assertThat(checksum("notes_ndjson")).isEqualTo(checksum("notes"));
	}

	@Test
	void exportToStandardOutput() {
		assertThat(execute(Map.of(), "export", "counted")).isZero();
		assertThat(this.out.toString()).isEqualTo("id,amount\n");
	}

	@Test
	void importReportsRejectedLinesWithTheirNumbers() throws IOException, SQLException {
		Path file = Files.writeString(this.files.resolve("counted.csv"), """
				id,amount
				1,10
				2,"not a number"
				3,30,extra
				4,-1
				5,"5"
				""");
		assertThat(execute(Map.of(), "import", "counted", file.toString())).isEqualTo(1);
		assertThat(this.out.toString()).contains("line 3: invalid input syntax for type integer: \"not a number\"",
				"line 4: expected 2 cells, found 3",
				"line 5: new row for relation \"counted\" violates check constraint \"counted_amount_check\"",
				"inserted 2 rows into public.counted, rejected 3 lines");
		assertThat(count("counted")).isEqualTo(2);
	}

	@Test
	void importGoesThroughRowLevelSecurity() throws IOException, SQLException {
		Path file = Files.writeString(this.files.resolve("tenant_notes.ndjson"), """
				{"id": 1, "tenant_id": "%s", "body": "mine"}
				{"id": 2, "tenant_id": "%s", "body": "not mine"}

				{"id": 3, "tenant_id": "%s", "body": "mine too"}
				""".formatted(TENANT_A, TENANT_B, TENANT_A));
		assertThat(execute(Map.of(), "import", "tenant_notes", file.toString(), "--tenant", TENANT_A, "--format", "json"))
			.isEqualTo(1);
		assertThat(this.out.toString()).isEqualTo("{\"table\":\"public.tenant_notes\",\"inserted\":2,\"rejected\":[{\"line\":2,"
				+ "\"message\":\"new row violates row-level security policy for table \\\"tenant_notes\\\"\"}]}\n");
		assertThat(count("tenant_notes")).isEqualTo(2);
	}

	@Test
	void exportOfATableWhosePoliciesBindTheRoleIsRefused() {
		Map<String, Object> asImporter = Map.of("spring.flyway.user", IMPORTER, "spring.flyway.password", "importer");
		Path file = this.files.resolve("tenant_notes.csv");
		assertThat(execute(asImporter, "export", "tenant_notes", "--out", file.toString())).isEqualTo(1);
		assertThat(this.err.toString().strip()).isEqualTo("table public.tenant_notes has row-level security that binds "
				+ "role rdl_test_importer, which would export only some rows: export as its owner (without FORCE ROW "
				+ "LEVEL SECURITY), a superuser or a BYPASSRLS role");
		assertThat(this.files.toFile().list()).isEmpty();
	}

	@Test
	void unknownTableAndUnwritableFileAreOneLine() {
		assertThat(execute(Map.of(), "export", "nope", "--out", this.files.resolve("x.csv").toString())).isEqualTo(1);
		assertThat(this.err.toString().strip()).isEqualTo("no table nope in database " + dataLayer.database().name());
		this.err.getBuffer().setLength(0);
		Path file = this.files.resolve("missing").resolve("x.csv");
		assertThat(execute(Map.of(), "export", "notes", "--out", file.toString())).isEqualTo(1);
		assertThat(this.err.toString().strip()).isEqualTo("cannot write " + file + ": no such directory");
		assertThat(this.files.toFile().list()).isEmpty();
	}

	private int execute(Map<String, Object> properties, String... args) {
		Map<String, Object> all = new HashMap<>();
		all.put("spring.flyway.url", dataLayer.database().jdbcUrl());
		all.put("spring.flyway.user", dataLayer.database().ownerUser());
		all.put("spring.flyway.password", dataLayer.database().ownerPassword());
		all.put("spring.r2dbc.username", IMPORTER);
		all.put("spring.r2dbc.password", "importer");
		all.putAll(properties);
		GenericApplicationContext context = new GenericApplicationContext();
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", all));
		context.refresh();
		try (context) {
			return DbCommandLine.execute(context, new PrintWriter(this.out, true), new PrintWriter(this.err, true),
					false, args);
		}
	}

	private static String checksum(String table) throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT count(*) || ':' || md5(string_agg(t::text, ',' ORDER BY t::text)) "
						+ "FROM " + table + " t")) {
			rows.next();
			return rows.getString(1);
		}
	}

	private static long count(String table) throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static Connection connect() throws SQLException {
		return DriverManager.getConnection(dataLayer.database().jdbcUrl(), dataLayer.database().ownerUser(),
				dataLayer.database().ownerPassword());
	}

}
