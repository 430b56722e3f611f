package dev.reactivedata.core.command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code db vacuum}, {@code db analyze}, {@code db stats}, {@code db schema} and {@code db views refresh} on a
 * real PostgreSQL.
 */
class MaintenanceCommandsIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	private final StringWriter out = new StringWriter();

	private final StringWriter err = new StringWriter();

	@BeforeAll
	static void seed() throws SQLException, InterruptedException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("""
					CREATE TABLE owners (id int PRIMARY KEY, name text NOT NULL);
					INSERT INTO owners SELECT i, 'owner ' || i FROM generate_series(1, 10) i;
					CREATE TABLE things (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
					    owner_id int NOT NULL REFERENCES owners (id), name text NOT NULL DEFAULT 'thing',
					    tenant text NOT NULL DEFAULT current_setting('app.tenant', true));
					CREATE INDEX things_owner_idx ON things (owner_id);
					INSERT INTO things (owner_id, tenant) SELECT 1 + i % 10, 't' || (i % 2) FROM generate_series(1, 5000) i;
					ALTER TABLE things ENABLE ROW LEVEL SECURITY;
					CREATE POLICY things_tenant ON things USING (tenant = current_setting('app.tenant', true));
					CREATE TABLE bloated (id int PRIMARY KEY, body text);
					INSERT INTO bloated SELECT i, repeat('x', 100) FROM generate_series(1, 4000) i;
					DELETE FROM bloated WHERE id % 4 <> 0;
					CREATE MATERIALIZED VIEW things_per_owner AS SELECT owner_id, count(*) AS things FROM things GROUP BY owner_id;
					CREATE UNIQUE INDEX things_per_owner_idx ON things_per_owner (owner_id);
					CREATE MATERIALIZED VIEW owner_names AS SELECT name FROM owners;
					""");
		}
		// Statistics reach the shared counters when the session ends (or after a second): wait for them.
		Instant deadline = Instant.now().plusSeconds(20);
		while (deadTuples("bloated") == 0 && Instant.now().isBefore(deadline)) {
			Thread.sleep(100);
		}
	}

	@Test
	void vacuumAnalyzesATableAndStatsShowIt() {
		assertThat(execute(Map.of(), "vacuum", "--table", "things", "--analyze")).isZero();
		assertThat(this.out.toString()).contains("public.things", "vacuumed and analyzed 1 tables");
		this.out.getBuffer().setLength(0);
		assertThat(execute(Map.of(), "stats", "--exact", "--format", "json")).isZero();
		assertThat(this.out.toString()).contains("\"exact\":true", "{\"table\":\"public.things\",\"rows\":5000,")
			.containsPattern("\"table\":\"public.things\",[^}]*\"indexes\":2,[^}]*\"lastVacuum\":\"20");
	}

	@Test
	void bloatOverPicksOnlyBloatedTables() {
		assertThat(execute(Map.of(), "vacuum", "--bloat-over", "50", "--format", "json")).isZero();
		assertThat(this.out.toString()).contains("\"table\":\"public.bloated\"").doesNotContain("public.things");
	}

	@Test
	void fullVacuumOfALargeTableNeedsYes() {
		Map<String, Object> strict = Map.of("reactivedata.maintenance.full-vacuum-lock-limit", "1s",
				"reactivedata.maintenance.rewrite-bytes-per-second", "1000");
		assertThat(execute(strict, "vacuum", "--full", "--table", "public.owners")).isEqualTo(1);
		assertThat(this.err.toString().strip()).startsWith("VACUUM FULL would lock public.owners (")
			.contains("against reads and writes for about", "pass --yes to go ahead");
		assertThat(this.err.toString().strip().lines()).hasSize(1);
		this.err.getBuffer().setLength(0);
		assertThat(execute(strict, "vacuum", "--full", "--table", "public.owners", "--yes")).isZero();
		assertThat(this.out.toString()).contains("vacuumed (full) 1 tables");
	}

	@Test
	void unknownTableIsOneLine() {
		assertThat(execute(Map.of(), "vacuum", "--table", "nope")).isEqualTo(1);
		assertThat(this.err.toString().strip()).isEqualTo("no table nope in database " + dataLayer.database().name());
		this.err.getBuffer().setLength(0);
		assertThat(execute(Map.of(), "analyze", "--table", "\"bad")).isEqualTo(1);
		assertThat(this.err.toString().strip()).startsWith("no table \"bad in database");
	}

	@Test
	void analyzeEveryTable() {
		assertThat(execute(Map.of(), "analyze")).isZero();
		assertThat(this.out.toString()).contains("analyzed public.owners", "analyzed public.things",
				"analyzed public.things_per_owner");
	}

	@Test
	void schemaShowsColumnsIndexesKeysAndPolicies() {
		assertThat(execute(Map.of(), "schema", "--table", "things")).isZero();
		assertThat(this.out.toString()).contains("public.things  (row-level security: enabled)",
				"id                       bigint", "GENERATED ALWAYS AS IDENTITY",
				"default current_setting('app.tenant'::text, true)", "index things_pkey (primary key)",
				"index things_owner_idx: CREATE INDEX things_owner_idx ON public.things USING btree (owner_id)",
				"foreign key things_owner_id_fkey: FOREIGN KEY (owner_id) REFERENCES owners(id)",
				"policy things_tenant (permissive, ALL, to public) using (tenant = current_setting('app.tenant'::text, true))");
		this.out.getBuffer().setLength(0);
		assertThat(execute(Map.of(), "schema", "--format", "json")).isZero();
		assertThat(this.out.toString()).startsWith("{\"tables\":[")
			.contains("{\"table\":\"public.owners\",\"rowLevelSecurity\":false,\"forceRowLevelSecurity\":false,"
					+ "\"columns\":[{\"name\":\"id\",\"type\":\"integer\",\"nullable\":false,\"defaultValue\":null}");
	}

	@Test
	void viewsRefreshConcurrentlyWhereAUniqueIndexAllows() {
		assertThat(execute(Map.of(), "views", "refresh", "--concurrently")).isZero();
		assertThat(this.out.toString()).contains("refreshed public.owner_names in ",
				"refreshed public.things_per_owner concurrently in ");
	}

	private int execute(Map<String, Object> properties, String... args) {
		Map<String, Object> all = new HashMap<>(properties);
		all.put("spring.flyway.url", dataLayer.database().jdbcUrl());
		all.put("spring.flyway.user", dataLayer.database().ownerUser());
		all.put("spring.flyway.password", dataLayer.database().ownerPassword());
		GenericApplicationContext context = new GenericApplicationContext();
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", all));
		context.refresh();
		try (context) {
			return DbCommandLine.execute(context, new PrintWriter(this.out, true), new PrintWriter(this.err, true),
					false, args);
		}
	}

	private static long deadTuples(String table) throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(
						"SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = '" + table + "'")) {
			return rows.next() ? rows.getLong(1) : 0;
		}
	}

	private static Connection connect() throws SQLException {
		return DriverManager.getConnection(dataLayer.database().jdbcUrl(), dataLayer.database().ownerUser(),
				dataLayer.database().ownerPassword());
	}

}
