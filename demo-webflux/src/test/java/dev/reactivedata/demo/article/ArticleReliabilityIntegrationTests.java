package dev.reactivedata.demo.article;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.reactivedata.demo.DemoDataLayer;
import dev.reactivedata.testing.DataLayerExtension;
import dev.reactivedata.testing.PrivatePostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's writes when the database misbehaves, on a private PostgreSQL server whose backends the tests lock,
 * deadlock and terminate: deadlocks are retried, statements are bounded, an unexpected error is a problem
 * document without internals, a write whose outcome is unknown leaves no cache entry behind, and a non-atomic
 * import cut short says what it committed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "reactivedata.core.pool.statement-timeout=3s")
@AutoConfigureWebTestClient
@DirtiesContext
class ArticleReliabilityIntegrationTests {

	private static final String ACME = "demo-acme-key";

	private static final PrivatePostgres postgres = PrivatePostgres.start();

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	@DynamicPropertySource
	static void privateServer(DynamicPropertyRegistry registry) {
		registry.add("spring.r2dbc.url", () -> "r2dbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/postgres");
		registry.add("spring.flyway.url", ArticleReliabilityIntegrationTests::jdbcUrl);
		registry.add("spring.flyway.user", () -> "postgres");
		registry.add("spring.flyway.password", () -> "");
		registry.add("spring.data.redis.url", () -> dataLayer.redis().uri());
		registry.add("reactivedata.cache.key-prefix", () -> dataLayer.redis().keyPrefix());
	}

	@AfterAll
	static void stopServer() {
		postgres.close();
	}

	@Autowired
	private WebTestClient web;

	@Test
	void concurrentUpdatesThatDeadlockAreRetriedAndBothSucceed() throws Exception {
		String a = create("deadlock-a");
		String b = create("deadlock-b");
		// Each update of one article also touches the other, after a pause: two concurrent updates lock the two
		// rows in opposite order, and PostgreSQL aborts one of them with a deadlock (40P01).
		postgres.execute("postgres", "CREATE TABLE test_partners (id uuid PRIMARY KEY, partner uuid NOT NULL)",
				"GRANT SELECT ON test_partners TO rdl_app",
				"INSERT INTO test_partners VALUES ('" + id(a) + "', '" + id(b) + "'), ('" + id(b) + "', '" + id(a) + "')",
				"CREATE FUNCTION test_touch_partner() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
						+ "IF pg_trigger_depth() = 1 AND NEW.title LIKE 'deadlock-%' THEN PERFORM pg_sleep(0.3); "
						+ "UPDATE articles SET body = body WHERE id = (SELECT partner FROM test_partners WHERE id = NEW.id); "
						+ "END IF; RETURN NEW; END $$",
				"CREATE TRIGGER test_touch_partner AFTER UPDATE ON articles FOR EACH ROW EXECUTE FUNCTION test_touch_partner()");
		try {
			CompletableFuture<Integer> updateA = CompletableFuture.supplyAsync(() -> update(a, "deadlock-a2", 0).getStatus().value());
			CompletableFuture<Integer> updateB = CompletableFuture.supplyAsync(() -> update(b, "deadlock-b2", 0).getStatus().value());
			assertThat(updateA.get(60, TimeUnit.SECONDS)).isEqualTo(200);
			assertThat(updateB.get(60, TimeUnit.SECONDS)).isEqualTo(200);
			assertThat(query("SELECT sum(deadlocks) FROM pg_stat_database")).as("a deadlock happened").isPositive();
		}
		finally {
			postgres.execute("postgres", "DROP TRIGGER test_touch_partner ON articles");
		}
	}

	@Test
	void unexpectedErrorIsAProblemDocumentWithoutInternals() {
		String location = create("Fine");
		postgres.execute("postgres", "CREATE FUNCTION test_explode() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
				+ "IF NEW.title = 'explode' THEN RAISE EXCEPTION 'secret internal detail' USING ERRCODE = 'check_violation'; "
				+ "END IF; "
				+ "RETURN NEW; END $$",
				"CREATE TRIGGER test_explode BEFORE UPDATE ON articles FOR EACH ROW EXECUTE FUNCTION test_explode()");
		try {
			String body = new String(update(location, "explode", 0).getResponseBodyContent());
			assertThat(body).contains("\"title\":\"Internal Server Error\"", "\"status\":500")
				.doesNotContain("secret", "Exception", "at dev.", "R2dbc", "trace");
			this.web.put().uri(location).header("X-API-Key", ACME).contentType(MediaType.APPLICATION_JSON)
				.bodyValue(article("explode", 0))
				.exchange()
				.expectStatus().isEqualTo(500)
				.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
		finally {
			postgres.execute("postgres", "DROP TRIGGER test_explode ON articles");
		}
	}

	@Test
	void statementBlockedPastTheTimeoutIsServiceUnavailableWithRetryAfter() throws Exception {
		String location = create("Locked");
		try (Connection owner = owner(); Statement lock = owner.createStatement()) {
			owner.setAutoCommit(false);
			lock.execute("SELECT 1 FROM articles WHERE id = '" + id(location) + "' FOR UPDATE");
			this.web.put().uri(location).header("X-API-Key", ACME).contentType(MediaType.APPLICATION_JSON)
				.bodyValue(article("Locked 2", 0))
				.exchange()
				.expectStatus().isEqualTo(503)
				.expectHeader().exists("Retry-After")
				.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.detail").isEqualTo("The database did not answer in time. Try again shortly.");
			owner.rollback();
		}
		update(location, "Locked 2", 0);
		this.web.get().uri(location).header("X-API-Key", ACME).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.title").isEqualTo("Locked 2");
	}

	@Test
	void writeWhoseBackendIsKilledLeavesNoCacheEntryBehind() throws Exception {
		String location = create("Cached");
		this.web.get().uri(location).header("X-API-Key", ACME).exchange().expectHeader().valueEquals("X-Cache", "MISS");
		this.web.get().uri(location).header("X-API-Key", ACME).exchange().expectHeader().valueEquals("X-Cache", "HIT");
		try (Connection owner = owner(); Statement lock = owner.createStatement()) {
			owner.setAutoCommit(false);
			lock.execute("SELECT 1 FROM articles WHERE id = '" + id(location) + "' FOR UPDATE");
			CompletableFuture<Integer> update = CompletableFuture.supplyAsync(() -> update(location, "Cached 2", 0).getStatus().value());
			long pid = waitFor("SELECT pid FROM pg_stat_activity WHERE usename = 'rdl_app' AND wait_event_type = 'Lock' "
					+ "AND query LIKE '%UPDATE%articles%'", update::isDone);
			assertThat(terminate(pid)).isTrue();
			assertThat(update.get(60, TimeUnit.SECONDS)).isEqualTo(503);
			owner.rollback();
		}
		// The entry went before the 503: this read goes to the database.
		this.web.get().uri(location).header("X-API-Key", ACME).exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("X-Cache", "MISS");
	}

	@Test
	void importCutShortByAKilledBackendSaysWhatWasCommittedAndWhereToResume() throws Exception {
		StringBuilder lines = new StringBuilder();
		String filler = "x".repeat(400);
		for (int i = 0; i < 20_000; i++) {
			lines.append("{\"title\":\"Bulk ").append(i).append("\",\"body\":\"").append(filler).append("\"}\n");
		}
		CompletableFuture<EntityExchangeResult<byte[]>> response = CompletableFuture.supplyAsync(() -> this.web.post()
			.uri("/api/articles/import")
			.header("X-API-Key", ACME)
			.contentType(MediaType.APPLICATION_NDJSON)
			.bodyValue(lines.toString())
			.exchange()
			.expectBody()
			.returnResult());
		// Once a chunk is committed, terminate the backend that writes the next one.
		long pid = waitFor("SELECT pid FROM pg_stat_activity WHERE usename = 'rdl_app' AND state = 'active' "
				+ "AND query LIKE '%INSERT INTO%articles%' AND (SELECT count(*) FROM articles WHERE title LIKE 'Bulk %') > 0",
				response::isDone);
		assertThat(terminate(pid)).isTrue();
		EntityExchangeResult<byte[]> result = response.get(60, TimeUnit.SECONDS);
		long committed = query("SELECT count(*) FROM articles WHERE title LIKE 'Bulk %'");
		assertThat(result.getStatus().value()).isEqualTo(503);
		assertThat(result.getResponseHeaders().getFirst("Retry-After")).isNotNull();
		String body = new String(result.getResponseBodyContent());
		assertThat(committed).isPositive().isLessThan(20_000);
		assertThat(body).contains("\"inserted\":" + committed, "\"firstUnprocessedLine\":" + (committed + 1));
	}

	private String create(String title) {
		return this.web.post().uri("/api/articles").header("X-API-Key", ACME).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", title, "body", "Body of " + title, "status", "DRAFT", "tags", List.of("reliability")))
			.exchange()
			.expectStatus().isCreated()
			.returnResult(Void.class)
			.getResponseHeaders()
			.getLocation()
			.toString();
	}

	private EntityExchangeResult<byte[]> update(String location, String title, int version) {
		return this.web.put().uri(location).header("X-API-Key", ACME).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(article(title, version))
			.exchange()
			.expectBody()
			.returnResult();
	}

	private static Map<String, Object> article(String title, int version) {
		return Map.of("title", title, "body", "Updated", "status", "DRAFT", "tags", List.of("reliability"), "version",
				version);
	}

	private static String id(String location) {
		return location.substring(location.lastIndexOf('/') + 1);
	}

	private static String jdbcUrl() {
		return "jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/postgres";
	}

	private static Connection owner() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), "postgres", "");
	}

	private static long query(String sql) {
		try (Connection owner = owner()) {
			return query(owner, sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql, ex);
		}
	}

	private static long query(Connection owner, String sql) throws SQLException {
		try (Statement statement = owner.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			return rows.next() ? rows.getLong(1) : 0;
		}
	}

	private static boolean terminate(long pid) {
		return query("SELECT CASE WHEN pg_terminate_backend(" + pid + ") THEN 1 ELSE 0 END") == 1;
	}

	/**
	 * Polls (on the test thread) until the query finds a row; returns its first column. Fails when
	 * {@code finished} turns true first (what the test waits for is over), or after many attempts.
	 */
	private static long waitFor(String sql, BooleanSupplier finished) throws SQLException, InterruptedException {
		try (Connection owner = owner()) {
			for (int attempt = 0; attempt < 20_000 && !finished.getAsBoolean(); attempt++) {
				long found = query(owner, sql);
				if (found != 0) {
					return found;
				}
				Thread.sleep(2);
			}
		}
		throw new AssertionError("Nothing matched before the request finished: " + sql);
	}

}
