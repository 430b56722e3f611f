package dev.reactivedata.demo.auth;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.reactivedata.demo.DemoDataLayer;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authentication answers from the in-process key cache: no statement for a seen key or a repeated unknown key,
 * and a revoked key stops working: at once through the admin API, and as its revocation commits when revoked
 * elsewhere.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ApiKeyCacheIntegrationTests {

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

	@Autowired
	private ApiKeyStore keys;

	@Test
	void cachedArticleGetRunsNoStatement() {
		String location = this.web.post().uri("/api/articles")
			.header("X-API-Key", "demo-acme-key")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "Hot", "tags", List.of("news")))
			.exchange()
			.expectStatus().isCreated()
			.returnResult(Void.class)
			.getResponseHeaders()
			.getLocation()
			.toString();
		get(location, "demo-acme-key").expectHeader().valueEquals("X-Cache", "MISS");
		get(location, "demo-acme-key").expectStatus().isOk()
			.expectHeader().valueEquals("X-Cache", "HIT")
			.expectHeader().valueEquals("X-Query-Count", "0");
	}

	@Test
	void firstRequestWithAKeyRunsItsLookup() {
		this.keys.invalidateAll();
		get("/api/articles/" + UUID.randomUUID(), "demo-globex-key").expectStatus().isNotFound()
			.expectHeader().valueEquals("X-Query-Count", "2");
		get("/api/articles/" + UUID.randomUUID(), "demo-globex-key").expectStatus().isNotFound()
			.expectHeader().valueEquals("X-Query-Count", "1");
	}

	@Test
	void repeatedUnknownKeyIsRejectedWithoutAStatement() {
		get("/api/articles", "not-a-key").expectStatus().isUnauthorized();
		for (int i = 0; i < 20; i++) {
			get("/api/articles", "not-a-key").expectStatus().isUnauthorized()
				.expectHeader().valueEquals("X-Query-Count", "0");
		}
	}

	@Test
	void keyRevokedThroughTheAdminApiIsRejectedAtOnce() {
		UUID keyId = insertKey("revoked-by-admin-key");
		get("/api/articles", "revoked-by-admin-key").expectStatus().isOk();
		revoke(keyId).expectStatus().isNoContent();
		get("/api/articles", "revoked-by-admin-key").expectStatus().isUnauthorized();
		revoke(keyId).expectStatus().isNoContent();
		this.web.get().uri("/api/admin/api-keys").header("X-API-Key", "demo-admin-key").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$[?(@.id == '" + keyId + "')].tenant").isEqualTo("acme")
			.jsonPath("$[?(@.id == '" + keyId + "')].revokedAt").isNotEmpty()
			.jsonPath("$[*].keyHash").doesNotExist();
	}

	@Test
	void revokingAnUnknownKeyIsANotFoundProblem() {
		revoke(UUID.randomUUID()).expectStatus().isNotFound()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void tenantKeyCannotRevokeKeys() {
		this.web.delete().uri("/api/admin/api-keys/" + UUID.randomUUID()).header("X-API-Key", "demo-acme-key")
			.exchange()
			.expectStatus().isForbidden();
	}

	@Test
	void keyRevokedElsewhereIsRejectedWhenItsRevocationCommits() {
		UUID keyId = insertKey("revoked-elsewhere-key");
		get("/api/articles", "revoked-elsewhere-key").expectStatus().isOk();
		DatabaseClient owner = DatabaseClient.create(dataLayer.database().ownerConnectionFactory());
		owner.sql("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN "
				+ ApiKeyRevocations.CHANNEL + "'")
			.map(row -> row.get(0, Long.class))
			.one()
			.filter(listeners -> listeners > 0)
			.repeatWhenEmpty(200, attempts -> attempts.delayElements(Duration.ofMillis(50)))
			.as(StepVerifier::create)
			.expectNextCount(1)
			.verifyComplete();
		owner.sql("UPDATE api_keys SET revoked_at = now() WHERE id = :id")
			.bind("id", keyId)
			.fetch()
			.rowsUpdated()
			.as(StepVerifier::create)
			.expectNext(1L)
			.verifyComplete();
		// Well within the key cache's 60 s TTL: only the notification can make the cached key stop working.
		Mono.fromCallable(() -> this.web.get().uri("/api/articles").header("X-API-Key", "revoked-elsewhere-key")
				.exchange()
				.returnResult(Void.class)
				.getStatus()
				.value())
			.subscribeOn(Schedulers.boundedElastic())
			.filter(status -> status == 401)
			.repeatWhenEmpty(200, attempts -> attempts.delayElements(Duration.ofMillis(50)))
			.as(StepVerifier::create)
			.expectNext(401)
			.verifyComplete();
	}

	@Test
	void applicationCannotUndoARevocation() {
		UUID keyId = insertKey("revoked-for-good-key");
		revoke(keyId).expectStatus().isNoContent();
		this.client.sql("UPDATE api_keys SET revoked_at = NULL WHERE id = :id")
			.bind("id", keyId)
			.fetch()
			.rowsUpdated()
			.as(StepVerifier::create)
			.expectErrorSatisfies(error -> assertThat(error).hasMessageContaining("revoked for good"))
			.verify();
	}

	private UUID insertKey(String apiKey) {
		return this.client
			.sql("INSERT INTO api_keys (tenant_id, key_hash, role) SELECT id, :hash, 'TENANT' FROM tenants WHERE slug = 'acme' RETURNING id")
			.bind("hash", this.hasher.hash(apiKey))
			.map(row -> row.get("id", UUID.class))
			.one()
			.block();
	}

	private WebTestClient.ResponseSpec revoke(UUID keyId) {
		return this.web.delete().uri("/api/admin/api-keys/" + keyId).header("X-API-Key", "demo-admin-key").exchange();
	}

	private WebTestClient.ResponseSpec get(String uri, String apiKey) {
		return this.web.get().uri(uri).header("X-API-Key", apiKey).exchange();
	}

}
