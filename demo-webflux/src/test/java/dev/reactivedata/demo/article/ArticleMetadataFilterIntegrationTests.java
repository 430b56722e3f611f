package dev.reactivedata.demo.article;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.reactivedata.demo.DemoDataLayer;
import dev.reactivedata.testing.DataLayerExtension;
import dev.reactivedata.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/articles?metadata.<key>=value} filters on top-level metadata keys as jsonb containment, served by
 * the GIN index on {@code articles.metadata}; malformed keys are 400 with a field error and run no SQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@Import(StatementRecorder.class)
class ArticleMetadataFilterIntegrationTests {

	private static final String ACME = "demo-acme-key";

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	@DynamicPropertySource
	static void dataLayerProperties(DynamicPropertyRegistry registry) {
		dataLayer.registerSpringProperties(registry);
	}

	@Autowired
	private WebTestClient web;

	private final String tag = "t" + UUID.randomUUID().toString().substring(0, 8);

	@Test
	void filtersByTopLevelMetadataKeys() {
		create("From RSS in English", Map.of("source", "rss", "lang", "en"));
		create("From RSS in French", Map.of("source", "rss", "lang", "fr"));
		create("From the web", Map.of("source", "web", "lang", "en"));
		create("Counted", Map.of("source", "rss", "n", 3));
		create("Counted as text", Map.of("source", "mail", "n", "3", "draft", "true"));
		// A number or boolean in the query string matches that JSON value or its text; in quotes, the text only.
		Map<String, Integer> expected = Map.ofEntries(Map.entry("metadata.source=rss", 3), Map.entry("metadata.source=web", 1),
				Map.entry("metadata.source=rss&metadata.lang=en", 1), Map.entry("metadata.lang=en", 2),
				Map.entry("metadata.source=mail", 1), Map.entry("metadata.nokey=rss", 0), Map.entry("metadata.n=3", 2),
				Map.entry("metadata.n=3.0", 1), Map.entry("metadata.n=\"3\"", 1), Map.entry("metadata.source=rss&metadata.n=3", 1),
				Map.entry("metadata.draft=true", 1), Map.entry("metadata.draft=\"true\"", 1));
		expected.forEach((filter, count) -> list("tag=" + this.tag + "&" + filter).jsonPath("$.totalItems").isEqualTo(count)
			.jsonPath("$.items.length()").isEqualTo(count));
		list("tag=" + this.tag + "&metadata.source=web").jsonPath("$.items[0].title").isEqualTo("From the web");
	}

	@Test
	void malformedMetadataFiltersAreBadRequestsThatRunNoSql() {
		List<String> hostile = List.of("metadata=rss", "metadata.=rss", "metadata.a%20b=x", "metadata.source%27--=x",
				"metadata.source[ne]=rss", "metadata.source=", "metadata.source=a&metadata.source=b", "meta.source=rss");
		for (String query : hostile) {
			StatementRecorder.statements.clear();
			this.web.get().uri("/api/articles?" + query).header("X-API-Key", ACME)
				.exchange()
				.expectStatus().isBadRequest()
				.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody().jsonPath("$.errors[0].field").isNotEmpty();
			assertThat(StatementRecorder.touching("articles")).as(query).isEmpty();
		}
	}

	@Test
	void theGinIndexServesMetadataContainment() throws Exception {
		TestDatabase database = dataLayer.database();
		try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.ownerUser(), database.ownerPassword());
				Statement statement = connection.createStatement()) {
			// A nearly empty table is cheaper to scan; the plan must still be able to use the index.
			statement.execute("SET enable_seqscan = off");
			StringBuilder plan = new StringBuilder();
			try (ResultSet rows = statement.executeQuery(
					"EXPLAIN SELECT id FROM articles WHERE metadata @> jsonb_build_object('source'::text, 'rss'::text)")) {
				while (rows.next()) {
					plan.append(rows.getString(1)).append('\n');
				}
			}
			assertThat(plan.toString()).contains("articles_metadata_idx");
		}
	}

	private WebTestClient.BodyContentSpec list(String query) {
		return this.web.get().uri("/api/articles?" + query).header("X-API-Key", ACME)
			.exchange()
			.expectStatus().isOk()
			.expectBody();
	}

	private void create(String title, Map<String, Object> metadata) {
		this.web.post().uri("/api/articles").header("X-API-Key", ACME).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", title, "body", "Body of " + title, "status", "PUBLISHED", "tags", List.of(this.tag),
					"metadata", metadata))
			.exchange()
			.expectStatus().isCreated();
	}

}
