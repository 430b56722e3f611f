package dev.reactivedata.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's walking skeleton end to end over HTTP, against real PostgreSQL and Redis.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class DemoApplicationIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	@DynamicPropertySource
	static void dataLayerProperties(DynamicPropertyRegistry registry) {
		dataLayer.registerSpringProperties(registry);
	}

	@Autowired
	private WebTestClient web;

	@Test
	void missingKeyIsUnauthorizedAsProblemDetails() {
		this.web.get().uri("/api/articles/{id}", "0b0f9a5e-34f7-4f37-8c47-51b1cba0c0a1")
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status").isEqualTo(401)
			.jsonPath("$.type").isNotEmpty()
			.jsonPath("$.title").isEqualTo("Unauthorized");
	}

	@Test
	void unknownKeyIsUnauthorized() {
		this.web.get().uri("/api/articles/{id}", "0b0f9a5e-34f7-4f37-8c47-51b1cba0c0a1")
			.header("X-API-Key", "not-a-key")
			.exchange()
			.expectStatus().isUnauthorized();
	}

	@Test
	void tenantCreatesAndReadsItsArticle() {
		String location = createArticle("demo-acme-key", "First post");
		this.web.get().uri(location)
			.header("X-API-Key", "demo-acme-key")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("ETag", "\"0\"")
			.expectHeader().valueMatches("X-Cache", "HIT|MISS|BYPASS")
			.expectBody()
			.jsonPath("$.title").isEqualTo("First post")
			.jsonPath("$.status").isEqualTo("DRAFT")
			.jsonPath("$.tags[0]").isEqualTo("news")
			.jsonPath("$.metadata.source").isEqualTo("test")
			.jsonPath("$.version").isEqualTo(0)
			.jsonPath("$.createdBy").value(createdBy -> assertThat((String) createdBy).startsWith("apikey:"));
	}

	@Test
	void anotherTenantGetsNotFound() {
		String location = createArticle("demo-acme-key", "Acme only");
		this.web.get().uri(location)
			.header("X-API-Key", "demo-globex-key")
			.exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void invalidArticleIsBadRequestWithFieldErrors() {
		this.web.post().uri("/api/articles")
			.header("X-API-Key", "demo-acme-key")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "", "tags", List.of("x".repeat(41))))
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[?(@.field == 'title')]").exists()
			.jsonPath("$.errors[?(@.field == 'tags[0]')]").exists();
	}

	@Test
	void malformedJsonAndMalformedIdAreBadRequest() {
		this.web.post().uri("/api/articles")
			.header("X-API-Key", "demo-acme-key")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"title\":")
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
		this.web.get().uri("/api/articles/not-a-uuid")
			.header("X-API-Key", "demo-acme-key")
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void tenantKeyOnAdminRouteIsForbidden() {
		this.web.get().uri("/api/metrics/stream")
			.header("X-API-Key", "demo-acme-key")
			.exchange()
			.expectStatus().isForbidden();
	}

	@Test
	void adminStreamEmitsPoolSnapshotsEverySecond() {
		assertSnapshots(this.web.get().uri("/api/metrics/stream").header("X-API-Key", "demo-admin-key"));
	}

	@Test
	void streamAcceptsAccessTokenQueryParameter() {
		assertSnapshots(this.web.get().uri("/api/metrics/stream?access_token=demo-admin-key"));
	}

	@Test
	void streamIntervalOutOfRangeIsBadRequest() {
		this.web.get().uri("/api/metrics/stream?intervalMs=10")
			.header("X-API-Key", "demo-admin-key")
			.exchange()
			.expectStatus().isBadRequest();
	}

	@Test
	void healthIsUpWithDatabaseAndRedis() {
		this.web.get().uri("/actuator/health")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.status").isEqualTo("UP")
			.jsonPath("$.components.r2dbc.status").isEqualTo("UP")
			.jsonPath("$.components.r2dbc.details").doesNotExist()
			.jsonPath("$.components.redis").doesNotExist();
		this.web.get().uri("/actuator/health/cache")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.components.redis.status").isEqualTo("UP");
	}

	@Test
	void healthDetailsAreForAdmins() {
		this.web.get().uri("/actuator/health/details").exchange().expectStatus().isUnauthorized();
		this.web.get().uri("/actuator/health/details")
			.header("X-API-Key", "demo-acme-key")
			.exchange()
			.expectStatus().isForbidden();
		this.web.get().uri("/actuator/health/details")
			.header("X-API-Key", "demo-admin-key")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.components.redis.details.ping").isEqualTo("PONG");
	}

	private void assertSnapshots(WebTestClient.RequestHeadersSpec<?> request) {
		Flux<ServerSentEvent<Map<String, Object>>> events = request.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus().isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {
			})
			.getResponseBody();
		events.filter(event -> "snapshot".equals(event.event()))
			.take(2)
			.as(StepVerifier::create)
			.assertNext(DemoApplicationIntegrationTests::assertPoolNumbers)
			.assertNext(DemoApplicationIntegrationTests::assertPoolNumbers)
			.verifyComplete();
	}

	@SuppressWarnings("unchecked")
	private static void assertPoolNumbers(ServerSentEvent<Map<String, Object>> event) {
		Map<String, Object> snapshot = event.data();
		assertThat(snapshot).containsKeys("timestamp", "pool");
		assertThat((Map<String, Object>) snapshot.get("pool")).containsKeys("acquired", "idle", "pending", "max")
			.containsEntry("max", 20);
	}

	private String createArticle(String apiKey, String title) {
		return this.web.post().uri("/api/articles")
			.header("X-API-Key", apiKey)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", title, "body", "Hello", "tags", List.of("news"), "metadata", Map.of("source", "test")))
			.exchange()
			.expectStatus().isCreated()
			.expectHeader().exists("Location")
			.returnResult(Void.class)
			.getResponseHeaders()
			.getLocation()
			.toString();
	}

}
