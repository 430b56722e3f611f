package dev.reactivedata.core.migration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.reactivedata.testing.DataLayerExtension;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migration operations on a real PostgreSQL: each test works in a schema of its own, with migration files in
 * a temporary directory that it can change.
 */
class MigrationOperationsIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	@TempDir
	Path files;

	private String schema;

	private MigrationOperations operations;

	@BeforeEach
	void notesMigrations(TestInfo test) throws IOException {
		this.schema = "m_" + test.getTestMethod().orElseThrow().getName().toLowerCase();
		write("V1__create_notes.sql", """
				CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL);
				-- a comment; with a semicolon
				INSERT INTO notes VALUES (1, 'a;b'), (2, $$c;d$$);
				""");
		write("V2__tag_notes.sql", """
				ALTER TABLE notes ADD COLUMN tag text;

				UPDATE notes SET tag = 'x';
				""");
		write("U1__create_notes.sql", "DROP TABLE notes;\n");
		write("U2__tag_notes.sql", "ALTER TABLE notes DROP COLUMN tag;\n");
		this.operations = new MigrationOperations(configuration());
	}

	@Test
	void infoListsBothSectionsBeforeAndAfterMigrating() {
		this.operations.info().as(StepVerifier::create).assertNext(report -> {
			assertThat(report.library().pending()).extracting(MigrationEntry::version).containsExactly("0.0.1", "0.0.2", "0.0.3", "0.0.4", "0.0.5", "0.0.6");
			assertThat(report.application().pending()).extracting(MigrationEntry::version).containsExactly("1", "2");
			assertThat(report.application().current()).isNull();
			assertThat(report.valid()).isTrue();
		}).verifyComplete();
		this.operations.migrate().as(StepVerifier::create).assertNext(result -> {
			assertThat(result.libraryApplied()).isEqualTo(6);
			assertThat(result.applicationApplied()).isEqualTo(2);
			assertThat(result.applicationVersion()).isEqualTo("2");
		}).verifyComplete();
		this.operations.migrate().as(StepVerifier::create).assertNext(result -> {
			assertThat(result.applicationApplied()).isZero();
			assertThat(result.applicationVersion()).isEqualTo("2");
			assertThat(result.libraryVersion()).isEqualTo("0.0.6");
		}).verifyComplete();
		this.operations.info().as(StepVerifier::create).assertNext(report -> {
			assertThat(report.library().current()).isEqualTo("0.0.6");
			assertThat(report.application().current()).isEqualTo("2");
			// Flyway created the schema, and says so in the history.
			assertThat(report.application().applied()).extracting(MigrationEntry::description)
				.containsExactly("<< Flyway Schema Creation >>", "create notes", "tag notes");
			assertThat(report.application().applied().subList(1, 3)).allSatisfy(entry -> {
				assertThat(entry.installedOn()).isNotNull();
				assertThat(entry.checksumOk()).isTrue();
				assertThat(entry.type()).isEqualTo("SQL");
			});
			assertThat(report.application().pending()).isEmpty();
		}).verifyComplete();
	}

	@Test
	void dryRunReportsEachStatementAndLeavesTheSchemaUnchanged() throws SQLException {
		List<String> before = tables();
		this.operations.dryRun().as(StepVerifier::create).assertNext(report -> {
			assertThat(report.scripts()).containsExactly("V0_0_1__reactivedata_audit_log.sql",
					"V0_0_2__reactivedata_audit_log_retention.sql", "V0_0_3__reactivedata_audit_log_append_only.sql",
					"V0_0_4__reactivedata_audit_log_hash_chain.sql",
					"V0_0_5__reactivedata_audit_log_chain_format.sql",
					"V0_0_6__reactivedata_audit_log_sealed_after_commit.sql", "V1__create_notes.sql", "V2__tag_notes.sql");
			assertThat(report.statements()).contains(new DryRunStatement("V1__create_notes.sql", 1, "create table notes", -1),
					new DryRunStatement("V1__create_notes.sql", 3, "insert into notes", 2),
					new DryRunStatement("V2__tag_notes.sql", 1, "alter table notes", -1),
					new DryRunStatement("V2__tag_notes.sql", 3, "update notes", 2));
		}).verifyComplete();
		assertThat(tables()).isEqualTo(before).isEmpty();
	}

	@Test
	void dryRunRefusesAStatementThatCannotRunInATransactionBeforeRunningAnything() throws IOException, SQLException {
		write("V3__index_notes.sql", "-- built without locking writes\nCREATE INDEX CONCURRENTLY notes_body_idx ON notes (body);\n");
		this.operations.dryRun()
			.as(StepVerifier::create)
			.verifyErrorSatisfies(ex -> assertThat(ex).isInstanceOf(MigrationException.class)
				.hasMessageContaining("V3__index_notes.sql line 2")
				.hasMessageContaining("CREATE INDEX CONCURRENTLY"));
		assertThat(tables()).isEmpty();
	}

	@Test
	void validateNamesAChangedChecksum() throws IOException {
		migrate();
		write("V1__create_notes.sql", "CREATE TABLE notes (id bigint PRIMARY KEY, body text NOT NULL);\n");
		assertProblem(MigrationProblem.Kind.CHECKSUM_CHANGED, "1", "V1__create_notes.sql changed after it was applied");
	}

	@Test
	void validateNamesAnAppliedFileThatIsMissing() throws IOException {
		migrate();
		Files.delete(this.files.resolve("V2__tag_notes.sql"));
		assertProblem(MigrationProblem.Kind.FILE_MISSING, "2", "V2__tag_notes.sql (version 2) is applied but its file is missing");
	}

	@Test
	void validateNamesADuplicateVersion() throws IOException {
		write("V2__tag_notes_again.sql", "SELECT 1;\n");
		assertProblem(MigrationProblem.Kind.DUPLICATE_VERSION, "2",
				"version 2 is used by more than one file: V2__tag_notes.sql, V2__tag_notes_again.sql");
	}

	@Test
	void validateNamesAPendingVersionOlderThanTheCurrentOne() throws IOException {
		write("V3__more.sql", "CREATE TABLE more_notes (id integer);\n");
		Files.move(this.files.resolve("V2__tag_notes.sql"), this.files.resolve("V2.tmp"));
		migrate();
		Files.move(this.files.resolve("V2.tmp"), this.files.resolve("V2__tag_notes.sql"));
		assertProblem(MigrationProblem.Kind.OUT_OF_ORDER, "2", "V2__tag_notes.sql is pending but older than the current version 3");
	}

	@Test
	void undoRunsTheUndoScriptsOfTwoVersionsNewestFirstAndForgetsThem() throws SQLException {
		migrate();
		this.operations.undo("0").as(StepVerifier::create).assertNext(report -> {
			assertThat(report.undone()).containsExactly("U2__tag_notes.sql", "U1__create_notes.sql");
			assertThat(report.current()).isNull();
		}).verifyComplete();
		assertThat(tables()).doesNotContain("notes");
		this.operations.info()
			.as(StepVerifier::create)
			.assertNext(report -> assertThat(report.application().pending()).extracting(MigrationEntry::version)
				.containsExactly("1", "2"))
			.verifyComplete();
	}

	@Test
	void undoWithoutTargetUndoesOnlyTheNewestVersion() {
		migrate();
		this.operations.undo(null).as(StepVerifier::create).assertNext(report -> {
			assertThat(report.undone()).containsExactly("U2__tag_notes.sql");
			assertThat(report.current()).isEqualTo("1");
		}).verifyComplete();
	}

	@Test
	void undoRefusesAndChangesNothingWhenAnUndoScriptIsMissing() throws IOException, SQLException {
		migrate();
		Files.delete(this.files.resolve("U1__create_notes.sql"));
		this.operations.undo("0")
			.as(StepVerifier::create)
			.verifyErrorSatisfies(ex -> assertThat(ex).isInstanceOf(MigrationException.class)
				.hasMessage("missing undo script U1__*.sql (for V1__create_notes.sql); nothing was undone"));
		assertThat(columns("notes")).contains("tag");
		this.operations.info()
			.as(StepVerifier::create)
			.assertNext(report -> assertThat(report.application().current()).isEqualTo("2"))
			.verifyComplete();
	}

	@Test
	void createWritesTheNextVersionAndItsUndoScript() throws IOException {
		this.operations.create("Add note slug!", MigrationKind.SCHEMA, null)
			.as(StepVerifier::create)
			.assertNext(paths -> assertThat(paths).containsExactly(this.files.resolve("V3__add_note_slug.sql"),
					this.files.resolve("U3__add_note_slug.sql")))
			.verifyComplete();
		assertThat(Files.readString(this.files.resolve("V3__add_note_slug.sql"))).startsWith("-- V3: Add note slug! (schema change)");
		this.operations.create("backfill tags", MigrationKind.DATA, null)
			.as(StepVerifier::create)
			.assertNext(paths -> assertThat(paths).containsExactly(this.files.resolve("V4__backfill_tags.sql")))
			.verifyComplete();
	}

	private void assertProblem(MigrationProblem.Kind kind, String version, String message) {
		this.operations.info().as(StepVerifier::create).assertNext(report -> {
			assertThat(report.valid()).isFalse();
			assertThat(report.problems()).anySatisfy(problem -> {
				assertThat(problem.kind()).isEqualTo(kind);
				assertThat(problem.section()).isEqualTo("application");
				assertThat(problem.version()).isEqualTo(version);
				assertThat(problem.message()).startsWith(message);
			});
		}).verifyComplete();
	}

	private void migrate() {
		this.operations.migrate().as(StepVerifier::create).expectNextCount(1).verifyComplete();
	}

	private Configuration configuration() {
		return Flyway.configure()
			.dataSource(dataLayer.database().jdbcUrl(), dataLayer.database().ownerUser(),
					dataLayer.database().ownerPassword())
			.schemas(this.schema)
			.locations("filesystem:" + this.files);
	}

	private void write(String name, String sql) throws IOException {
		Files.writeString(this.files.resolve(name), sql);
	}

	private List<String> tables() throws SQLException {
		return strings("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + this.schema
				+ "' ORDER BY 1");
	}

	private List<String> columns(String table) throws SQLException {
		return strings("SELECT column_name FROM information_schema.columns WHERE table_schema = '" + this.schema
				+ "' AND table_name = '" + table + "'");
	}

	private static List<String> strings(String sql) throws SQLException {
		List<String> values = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(dataLayer.database().jdbcUrl(),
				dataLayer.database().ownerUser(), dataLayer.database().ownerPassword());
				ResultSet rows = connection.createStatement().executeQuery(sql)) {
			while (rows.next()) {
				values.add(rows.getString(1));
			}
		}
		return values;
	}

}
