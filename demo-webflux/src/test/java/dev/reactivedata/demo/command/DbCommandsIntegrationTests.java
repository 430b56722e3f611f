package dev.reactivedata.demo.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import dev.reactivedata.core.command.DbCommandLine;
import dev.reactivedata.demo.DemoApplication;
import dev.reactivedata.demo.DemoDataLayer;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code db} commands on the demo, started as {@code java -jar reactivedata-demo.jar db …} starts it: no web server,
 * no start-up seeding, on a migrated empty database.
 */
class DbCommandsIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	private static ConfigurableApplicationContext context;

	private final StringWriter out = new StringWriter();

	private final StringWriter err = new StringWriter();

	@BeforeAll
	static void startAsACommand() {
		Map<String, Object> properties = new HashMap<>(DbCommandLine.applicationProperties());
		properties.put("spring.r2dbc.url", dataLayer.database().r2dbcUrl());
		properties.put("spring.flyway.url", dataLayer.database().jdbcUrl());
		properties.put("spring.flyway.user", dataLayer.database().ownerUser());
		properties.put("spring.flyway.password", dataLayer.database().ownerPassword());
		properties.put("spring.data.redis.url", dataLayer.redis().uri());
		properties.put("reactivedata.cache.key-prefix", dataLayer.redis().keyPrefix());
		// As the command line's listener does: above the application's own configuration.
		context = new SpringApplicationBuilder(DemoApplication.class).run(properties.entrySet()
			.stream()
			.map(property -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new));
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void checkSaysEmptyAndReady() {
		exits(0, "seed", "--check");
		assertThat(this.out.toString()).contains("ready: migrated and empty");
	}

	@Test
	void seedingIsIdempotentAndClearingLeavesTheDatabaseAsItWas() throws SQLException {
		Map<String, Long> before = rowCounts();
		// --debug: a failure shows its stack trace in the assertion message.
		exits(0, "--debug", "seed", "dev");
		assertThat(this.out.toString()).contains("tenants: tenants 2, api_keys 3")
			.contains("articles: articles 10000, comments ")
			.contains("audit_log ");
		Map<String, Long> seeded = rowCounts();
		assertThat(seeded).containsEntry("articles", 10_000L).containsEntry("tenants", 2L);
		assertThat(seeded.get("comments")).isPositive();
		assertThat(seeded.get("audit_log")).isPositive();

		exits(0, "seed", "dev");
		assertThat(this.out.toString()).contains("articles: articles 0, comments 0, audit_log 0");
		assertThat(rowCounts()).isEqualTo(seeded);
		exits(1, "seed", "--check");

		exits(0, "seed", "--clear", "dev");
		assertThat(this.out.toString()).contains("profile dev: removed");
		assertThat(rowCounts()).isEqualTo(before);
	}

	@Test
	void clearingAProfileThatDidNotSeedIsRefused() {
		exits(1, "seed", "--clear", "demo");
		assertThat(this.err.toString().strip()).isEqualTo("profile 'demo' did not seed this database; nothing to clear");
	}

	@Test
	void anUnknownProfileIsRefused() {
		exits(1, "seed", "staging");
		assertThat(this.err.toString()).contains("no seeder takes part in profile 'staging'; profiles: [demo, dev, test]");
	}

	@Test
	void aMissingProfileIsAUsageError() {
		exits(2, "seed");
		assertThat(this.err.toString()).contains("Missing <profile>");
	}

	@Test
	void infoShowsTheLibraryAndTheApplicationSections() {
		exits(0, "info");
		assertThat(this.out.toString()).contains("library (reactivedata_schema_history), current version: 0.0.6")
			.contains("application (flyway_schema_history), current version: 22")
			.contains("tenants articles comments");
		exits(0, "validate");
		exits(0, "dry-run");
		assertThat(this.out.toString()).isEqualTo("nothing pending" + System.lineSeparator());
	}

	@Test
	void retentionDeletesOldAuditEntriesAndOldSoftDeletedRowsInBatches() throws SQLException {
		owner("""
				INSERT INTO tenants (id, slug, name) VALUES ('00000000-0000-0000-0000-00000000aaaa', 'retention', 'Retention');
				INSERT INTO articles (tenant_id, title, deleted_at) VALUES
				    ('00000000-0000-0000-0000-00000000aaaa', 'old 1', now() - interval '40 days'),
				    ('00000000-0000-0000-0000-00000000aaaa', 'old 2', now() - interval '31 days'),
				    ('00000000-0000-0000-0000-00000000aaaa', 'recent', now() - interval '10 days'),
				    ('00000000-0000-0000-0000-00000000aaaa', 'live', NULL);
				INSERT INTO audit_log (tenant_id, entity_type, entity_id, action, occurred_at) VALUES
				    ('00000000-0000-0000-0000-00000000aaaa', 'Article', 'a', 'INSERT', now() - interval '100 days'),
				    ('00000000-0000-0000-0000-00000000aaaa', 'Article', 'b', 'INSERT', now() - interval '95 days'),
				    ('00000000-0000-0000-0000-00000000aaaa', 'Article', 'c', 'INSERT', now() - interval '91 days'),
				    ('00000000-0000-0000-0000-00000000aaaa', 'Article', 'd', 'INSERT', now() - interval '1 day');
				""");
		try {
			exits(0, "retention", "--dry-run");
			assertThat(this.out.toString()).contains("audit_log: would delete 3 audit entries")
				.contains("articles: would delete 2 soft-deleted rows")
				.contains("dry run: nothing deleted, total 5 rows");
			assertThat(rowCounts()).containsEntry("articles", 4L).containsEntry("audit_log", 4L);

			exits(0, "retention", "--batch-size", "2", "--format", "json");
			assertThat(this.out.toString()).contains("{\"table\":\"audit_log\",\"kind\":\"AUDIT\"")
				.contains("\"rows\":3,\"batches\":2}")
				.contains("\"rows\":2,\"batches\":2}");
			assertThat(rowCounts()).containsEntry("articles", 2L).containsEntry("audit_log", 1L);
		}
		finally {
			owner("""
					SET session_replication_role = replica;
					DELETE FROM audit_log; DELETE FROM audit_log_chain; DELETE FROM audit_log_anchor; DELETE FROM articles;
					DELETE FROM tenants WHERE slug = 'retention';
					""");
		}
	}

	@Test
	void auditVerifyReportsIntactChainsAndTheFirstBrokenLink() throws SQLException {
		owner("""
				INSERT INTO tenants (id, slug, name) VALUES ('00000000-0000-0000-0000-00000000bbbb', 'verify', 'Verify');
				INSERT INTO audit_log (tenant_id, entity_type, entity_id, action) VALUES
				    ('00000000-0000-0000-0000-00000000bbbb', 'Article', 'a', 'INSERT'),
				    ('00000000-0000-0000-0000-00000000bbbb', 'Article', 'b', 'UPDATE');
				SELECT reactivedata_audit_log_seal(100);
				""");
		try {
			exits(0, "audit", "verify", "--tenant", "00000000-0000-0000-0000-00000000bbbb");
			assertThat(this.out.toString().strip())
				.isEqualTo("tenant 00000000-0000-0000-0000-00000000bbbb: intact, 2 entries");
			// No application runs to seal an entry written since: it is counted, not checked.
			owner("INSERT INTO audit_log (tenant_id, entity_type, entity_id, action) VALUES "
					+ "('00000000-0000-0000-0000-00000000bbbb', 'Article', 'c', 'DELETE')");
			exits(0, "audit", "verify", "--tenant", "00000000-0000-0000-0000-00000000bbbb");
			assertThat(this.out.toString().strip()).isEqualTo("tenant 00000000-0000-0000-0000-00000000bbbb: intact, 2 entries "
					+ "(1 more not sealed into the chain yet: the application seals them)");
			// A superuser rewrites an entry with the append-only trigger bypassed.
			owner("""
					SET session_replication_role = replica;
					UPDATE audit_log SET actor = 'mallory' WHERE entity_id = 'a';
					""");
			exits(1, "audit", "verify");
			assertThat(this.out.toString()).contains("tenant 00000000-0000-0000-0000-00000000bbbb: BROKEN at entry ")
				.contains("changed after it was written");
			exits(1, "audit", "verify", "--format", "json");
			assertThat(this.out.toString()).contains("\"kind\":\"CHANGED_ENTRY\"");
		}
		finally {
			owner("""
					SET session_replication_role = replica;
					DELETE FROM audit_log; DELETE FROM audit_log_chain; DELETE FROM audit_log_anchor; DELETE FROM tenants WHERE slug = 'verify';
					""");
		}
	}

	@Test
	void auditVerifyAgainstRecordedHeadsDetectsTheNewestEntriesDeleted(@TempDir Path directory) throws Exception {
		String tenant = "00000000-0000-0000-0000-00000000cccc";
		Path heads = directory.resolve("heads.json");
		owner("""
				INSERT INTO tenants (id, slug, name) VALUES ('%1$s', 'anchored', 'Anchored');
				INSERT INTO audit_log (tenant_id, entity_type, entity_id, action) VALUES
				    ('%1$s', 'Article', 'a', 'INSERT'), ('%1$s', 'Article', 'b', 'UPDATE'), ('%1$s', 'Article', 'c', 'UPDATE');
				SELECT reactivedata_audit_log_seal(100);
				""".formatted(tenant));
		try {
			exits(0, "audit", "heads", "--tenant", tenant);
			assertThat(this.out.toString()).startsWith("{\"heads\":[{\"tenant\":\"" + tenant + "\",\"lane\":0,\"position\":3,");
			exits(0, "audit", "heads", "--tenant", tenant, "--out", heads.toString());
			assertThat(this.out.toString().strip()).isEqualTo("wrote 1 lane heads to " + heads);
			assertThat(Files.readString(heads)).contains("\"position\":3");
			// Entries appended since, and retention of the oldest (as the owner, triggers in force), are fine.
			owner("INSERT INTO audit_log (tenant_id, entity_type, entity_id, action) VALUES ('" + tenant + "', 'Article', 'd', 'UPDATE');"
					+ "SELECT reactivedata_audit_log_seal(100); DELETE FROM audit_log WHERE id IN "
					+ "(SELECT entry_id FROM audit_log_chain WHERE tenant_key = '" + tenant + "' AND chain_seq <= 2)");
			exits(0, "audit", "verify", "--tenant", tenant, "--anchor", heads.toString());
			assertThat(this.out.toString()).contains("tenant " + tenant + ": intact, 2 entries")
				.contains("1 of 1 lane heads still in their chains");
			// A superuser deletes the lane's newest entries: the shorter chain is intact, the recorded head is gone.
			owner("SET session_replication_role = replica; DELETE FROM audit_log WHERE id IN "
					+ "(SELECT entry_id FROM audit_log_chain WHERE tenant_key = '" + tenant + "' AND chain_seq >= 3)");
			exits(0, "audit", "verify", "--tenant", tenant);
			exits(1, "audit", "verify", "--tenant", tenant, "--anchor", heads.toString());
			assertThat(this.out.toString()).contains("tenant " + tenant + ", lane 0: head at position 3 is gone");
			exits(1, "audit", "verify", "--tenant", tenant, "--anchor", heads.toString(), "--format", "json");
			assertThat(this.out.toString()).startsWith("{\"chains\":[").contains("\"outcome\":\"MISSING\"");
		}
		finally {
			owner("""
					SET session_replication_role = replica;
					DELETE FROM audit_log; DELETE FROM audit_log_chain; DELETE FROM audit_log_anchor; DELETE FROM tenants WHERE slug = 'anchored';
					""");
		}
	}

	@Test
	void auditVerifyRefusesAFileThatIsNotAnAnchor(@TempDir Path directory) throws IOException {
		Path file = Files.writeString(directory.resolve("heads.json"), "[]");
		exits(1, "audit", "verify", "--anchor", file.toString());
		assertThat(this.err.toString()).contains("Not an audit anchor file: " + file);
	}

	@Test
	void auditVerifyRefusesATenantThatIsNotAnId() {
		exits(2, "audit", "verify", "--tenant", "acme");
	}

	@Test
	void insightsPrintsTheReportWithItsRecommendations() {
		exits(0, "insights");
		assertThat(this.out.toString()).startsWith("database " + dataLayer.database().name() + " (PostgreSQL ");
		exits(0, "insights", "--format", "json");
		assertThat(this.out.toString()).contains("\"database\":\"" + dataLayer.database().name() + "\"")
			.contains("\"recommendations\":[");
	}

	@Test
	void retentionRefusesAnAgeItCannotRead() {
		exits(2, "retention", "--audit-older-than", "ninety days");
		assertThat(this.err.toString()).contains("'ninety days' is not an age like 90d, 12h, 30m or P90D");
	}

	private static void owner(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(dataLayer.database().jdbcUrl(),
				dataLayer.database().ownerUser(), dataLayer.database().ownerPassword())) {
			connection.createStatement().execute(sql);
		}
	}

	private void exits(int code, String... args) {
		this.out.getBuffer().setLength(0);
		this.err.getBuffer().setLength(0);
		int exit = DbCommandLine.execute(context, new PrintWriter(this.out, true), new PrintWriter(this.err, true), false,
				args);
		assertThat(exit).as("exit code of db %s; out: %s; err: %s", String.join(" ", args), this.out, this.err)
			.isEqualTo(code);
	}

	private static Map<String, Long> rowCounts() throws SQLException {
		Map<String, Long> counts = new TreeMap<>();
		try (Connection connection = DriverManager.getConnection(dataLayer.database().jdbcUrl(),
				dataLayer.database().ownerUser(), dataLayer.database().ownerPassword())) {
			for (String table : new String[] { "tenants", "api_keys", "articles", "comments", "audit_log" }) {
				try (ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
					rows.next();
					counts.put(table, rows.getLong(1));
				}
			}
		}
		return counts;
	}

}
