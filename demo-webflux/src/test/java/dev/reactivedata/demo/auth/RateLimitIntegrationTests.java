package dev.reactivedata.demo.auth;

import java.util.UUID;

import dev.reactivedata.demo.DemoDataLayer;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-key rate limits over HTTP: the {@code RateLimit-*} headers on every answer, 429 with {@code Retry-After} over
 * the limit, and the answers that come before a handler (401, 403) limited too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"demo.rate-limit.tenant.capacity=3", "demo.rate-limit.tenant.refill-tokens=3",
		"demo.rate-limit.tenant.refill-period=1h", "demo.rate-limit.anonymous.capacity=1000" })
@AutoConfigureWebTestClient
class RateLimitIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	@DynamicPropertySource
	static void dataLayerProperties(DynamicPropertyRegistry registry) {
		dataLayer.registerSpringProperties(registry);
	}

	@Autowired
	private WebTestClient web;

	@Autowired
	private DatabaseClient client;

	@Autowired
	private ApiKeyHasher hasher;

	@Test
	void burstOverTheLimitIsRefusedWithRetryAfter() {
		String key = newTenantKey();
		for (int remaining = 2; remaining >= 0; remaining--) {
			get("/api/articles", key).expectStatus().isOk()
				.expectHeader().valueEquals("RateLimit-Limit", "3")
				.expectHeader().valueEquals("RateLimit-Remaining", String.valueOf(remaining))
				.expectHeader().exists("RateLimit-Reset")
				.expectHeader().doesNotExist(HttpHeaders.RETRY_AFTER);
		}
		get("/api/articles", key).expectStatus().isEqualTo(429)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader().valueEquals("RateLimit-Limit", "3")
			.expectHeader().valueEquals("RateLimit-Remaining", "0")
			.expectHeader().value(HttpHeaders.RETRY_AFTER, value -> assertThat(Long.parseLong(value)).isPositive())
			.expectHeader().valueEquals("X-Query-Count", "0")
			.expectBody().jsonPath("$.status").isEqualTo(429).jsonPath("$.type").isEqualTo("https://reactivedata.dev/problems/too-many-requests");
	}

	@Test
	void eachKeyHasItsOwnBucket() {
		String first = newTenantKey();
		String second = newTenantKey();
		for (int i = 0; i < 3; i++) {
			get("/api/articles", first).expectStatus().isOk();
		}
		get("/api/articles", first).expectStatus().isEqualTo(429);
		get("/api/articles", second).expectStatus().isOk().expectHeader().valueEquals("RateLimit-Remaining", "2");
	}

	@Test
	void errorAnswersCarryTheHeaders() {
		get("/api/articles/" + UUID.randomUUID(), newTenantKey()).expectStatus().isNotFound()
			.expectHeader().valueEquals("RateLimit-Limit", "3")
			.expectHeader().valueEquals("RateLimit-Remaining", "2");
		get("/api/articles?size=5000", newTenantKey()).expectStatus().isBadRequest()
			.expectHeader().valueEquals("RateLimit-Remaining", "2");
	}

	@Test
	void missingAndUnknownKeysAre401WithoutAStatementAndCarryTheAnonymousLimit() {
		this.web.get().uri("/api/articles").exchange().expectStatus().isUnauthorized()
			.expectHeader().valueEquals("RateLimit-Limit", "1000")
			.expectHeader().valueEquals("X-Query-Count", "0");
		get("/api/articles", "no-such-key").expectStatus().isUnauthorized();
		get("/api/articles", "no-such-key").expectStatus().isUnauthorized()
			.expectHeader().valueEquals("RateLimit-Limit", "1000")
			.expectHeader().exists("RateLimit-Remaining")
			.expectHeader().valueEquals("X-Query-Count", "0");
	}

	@Test
	void tenantKeyOnAnAdminRouteIs403WithTheHeaders() {
		get("/api/db/insights", newTenantKey()).expectStatus().isForbidden()
			.expectHeader().valueEquals("RateLimit-Remaining", "2");
	}

	private WebTestClient.ResponseSpec get(String uri, String apiKey) {
		return this.web.get().uri(uri).header("X-API-Key", apiKey).exchange();
	}

	private String newTenantKey() {
		return AcmeTenantKeys.create(this.client, this.hasher);
	}

}
