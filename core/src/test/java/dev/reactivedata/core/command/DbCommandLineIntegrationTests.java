package dev.reactivedata.core.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.reactivedata.core.migration.MigrationOperations;
import dev.reactivedata.testing.DataLayerExtension;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code db} command line's exit codes and output, with the operations of an application on a real
 * PostgreSQL (or on a port where none listens).
 */
class DbCommandLineIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	@TempDir
	Path files;

	private final StringWriter out = new StringWriter();

	private final StringWriter err = new StringWriter();

	@Test
	void helpNeedsNoApplicationAndExitsZero() {
		assertThat(DbCommandLine.checkUsage(writer(this.out), writer(this.err), "undo", "--help")).contains(0);
		assertThat(this.out.toString()).contains("Usage: db undo", "--to=VERSION", "--format=text|json");
	}

	@Test
	void unknownCommandIsAUsageError() {
		assertThat(DbCommandLine.checkUsage(writer(this.out), writer(this.err), "bogus")).contains(2);
		assertThat(this.err.toString()).startsWith("Unmatched argument at index 0: 'bogus'").contains("Usage: db");
	}

	@Test
	void unknownFormatIsAUsageError() {
		assertThat(DbCommandLine.checkUsage(writer(this.out), writer(this.err), "info", "--format", "xml")).contains(2);
		assertThat(this.err.toString()).contains("--format");
	}

	@Test
	void aCommandToRunPassesTheUsageCheck() {
		assertThat(DbCommandLine.checkUsage(writer(this.out), writer(this.err), "info", "--format", "json")).isEmpty();
	}

	@Test
	void noCommandPrintsUsageAndExitsTwo() {
		assertThat(execute(context(dataLayer.database().jdbcUrl()))).isEqualTo(2);
		assertThat(this.err.toString()).contains("Usage: db");
	}

	@Test
	void unreachableDatabaseIsOneLineNamingTheUrl() {
		String url = "jdbc:postgresql://127.0.0.1:1/nowhere";
		assertThat(execute(context(url), "info")).isEqualTo(1);
		assertThat(this.err.toString()).startsWith("database " + url + " unreachable: ").doesNotContain("\tat ");
		assertThat(this.err.toString().strip().lines()).hasSize(1);
	}

	@Test
	void debugAddsTheStackTrace() {
		assertThat(execute(context("jdbc:postgresql://127.0.0.1:1/nowhere"), "info", "--debug")).isEqualTo(1);
		assertThat(this.err.toString()).contains("\tat ");
	}

	@Test
	void infoAsJson() throws IOException {
		Files.writeString(this.files.resolve("V1__notes.sql"), "CREATE TABLE notes (id integer);\n");
		assertThat(execute(context(dataLayer.database().jdbcUrl()), "info", "--format", "json")).isZero();
		assertThat(this.out.toString()).startsWith("{\"library\":{\"name\":\"library\"")
			.contains("\"application\":{\"name\":\"application\",\"historyTable\":\"flyway_schema_history\",\"current\":null")
			.contains("{\"version\":\"1\",\"description\":\"notes\",\"type\":\"SQL\",\"installedOn\":null,\"checksumOk\":true");
	}

	@Test
	void validateExitsOneNamingTheProblem() throws IOException {
		Files.writeString(this.files.resolve("V1__notes.sql"), "CREATE TABLE notes (id integer);\n");
		Files.writeString(this.files.resolve("V1__other_notes.sql"), "CREATE TABLE other_notes (id integer);\n");
		assertThat(execute(context(dataLayer.database().jdbcUrl()), "validate")).isEqualTo(1);
		assertThat(this.out.toString()).contains(
				"application: duplicate version: version 1 is used by more than one file: V1__notes.sql, V1__other_notes.sql");
	}

	@Test
	void validateAsJson() throws IOException {
		Files.writeString(this.files.resolve("V1__notes.sql"), "CREATE TABLE notes (id integer);\n");
		assertThat(execute(context(dataLayer.database().jdbcUrl()), "validate", "--format", "json")).isZero();
		assertThat(this.out.toString().strip()).isEqualTo("{\"valid\":true,\"problems\":[]}");
	}

	private int execute(GenericApplicationContext context, String... args) {
		try (context) {
			return DbCommandLine.execute(context, writer(this.out), writer(this.err), false, args);
		}
	}

	private GenericApplicationContext context(String jdbcUrl) {
		GenericApplicationContext context = new GenericApplicationContext();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("spring.flyway.url", jdbcUrl)));
		var flyway = Flyway.configure()
			.dataSource(jdbcUrl, dataLayer.database().ownerUser(), dataLayer.database().ownerPassword())
			.connectRetries(0)
			.locations("filesystem:" + this.files);
		context.registerBean(MigrationOperations.class, () -> new MigrationOperations(flyway));
		context.refresh();
		return context;
	}

	private static PrintWriter writer(StringWriter target) {
		return new PrintWriter(target, true);
	}

}
