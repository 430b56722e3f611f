package dev.reactivedata.demo.article;

import java.util.List;
import java.util.Map;

import dev.reactivedata.demo.DemoDataLayer;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code GET /api/articles/{id}} through the Redis cache: a miss, then hits, per tenant.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "reactivedata.cache.command-timeout=2s")
@AutoConfigureWebTestClient
class ArticleCacheIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	@DynamicPropertySource
	static void dataLayerProperties(DynamicPropertyRegistry registry) {
		dataLayer.registerSpringProperties(registry);
	}

	@Autowired
	private WebTestClient web;

	@Test
	void firstReadMissesThenHitsWithTheSameBody() {
		String location = create("demo-acme-key", "Cached");
		get(location, "demo-acme-key").expectStatus().isOk()
			.expectHeader().valueEquals("X-Cache", "MISS")
			.expectHeader().valueEquals("ETag", "\"0\"")
			.expectBody().jsonPath("$.title").isEqualTo("Cached").jsonPath("$.metadata.source").isEqualTo("test");
		get(location, "demo-acme-key").expectStatus().isOk()
			.expectHeader().valueEquals("X-Cache", "HIT")
			.expectHeader().valueEquals("ETag", "\"0\"")
			.expectBody()
			.jsonPath("$.title").isEqualTo("Cached")
			.jsonPath("$.tags[0]").isEqualTo("news")
			.jsonPath("$.metadata.source").isEqualTo("test")
			.jsonPath("$.createdBy").isNotEmpty();
	}

	@Test
	void anotherTenantNeverGetsTheCachedArticle() {
		String location = create("demo-acme-key", "Acme cached");
		get(location, "demo-acme-key").expectStatus().isOk();
		get(location, "demo-acme-key").expectHeader().valueEquals("X-Cache", "HIT");
		get(location, "demo-globex-key").expectStatus().isNotFound();
	}

	@Test
	void updateAfterHitIsReadAtItsNewVersion() {
		String location = create("demo-acme-key", "Before");
		get(location, "demo-acme-key").expectStatus().isOk();
		get(location, "demo-acme-key").expectHeader().valueEquals("X-Cache", "HIT");
		this.web.put().uri(location)
			.header("X-API-Key", "demo-acme-key")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "After", "version", 0))
			.exchange()
			.expectStatus().isOk();
		get(location, "demo-acme-key").expectStatus().isOk()
			.expectHeader().valueEquals("ETag", "\"1\"")
			.expectBody().jsonPath("$.title").isEqualTo("After");
	}

	@Test
	void deleteAfterHitIsNotFoundAndRestoreServesTheArticleAgain() {
		String location = create("demo-acme-key", "Short-lived");
		get(location, "demo-acme-key").expectStatus().isOk();
		get(location, "demo-acme-key").expectHeader().valueEquals("X-Cache", "HIT");
		this.web.delete().uri(location).header("X-API-Key", "demo-acme-key").exchange().expectStatus().isNoContent();
		get(location, "demo-acme-key").expectStatus().isNotFound();
		this.web.post().uri(location + "/restore").header("X-API-Key", "demo-acme-key").exchange().expectStatus().isOk();
		get(location, "demo-acme-key").expectStatus().isOk().expectBody().jsonPath("$.title").isEqualTo("Short-lived");
	}

	private WebTestClient.ResponseSpec get(String location, String apiKey) {
		return this.web.get().uri(location).header("X-API-Key", apiKey).exchange();
	}

	private String create(String apiKey, String title) {
		return this.web.post().uri("/api/articles")
			.header("X-API-Key", apiKey)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", title, "body", "Hello", "tags", List.of("news"), "metadata", Map.of("source", "test")))
			.exchange()
			.expectStatus().isCreated()
			.returnResult(Void.class)
			.getResponseHeaders()
			.getLocation()
			.toString();
	}

}
