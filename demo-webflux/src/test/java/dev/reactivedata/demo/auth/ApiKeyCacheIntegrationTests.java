package dev.reactivedata.demo.auth;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.reactivedata.demo.DemoDataLayer;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Authentication answers from the in-process key cache: no statement for a seen key or a repeated unknown key,
 * and a revoked key stops working once invalidated.
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

	@BeforeEach
	void allowSlowResponses() {
		// The build machine is shared: allow slow responses rather than fail on the default 5 s.
		this.web = this.web.mutate().responseTimeout(Duration.ofSeconds(60)).build();
	}

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
	void revokedKeyIsRejectedOnceInvalidated() {
		UUID keyId = this.client
			.sql("INSERT INTO api_keys (tenant_id, key_hash, role) SELECT id, :hash, 'TENANT' FROM tenants WHERE slug = 'acme' RETURNING id")
			.bind("hash", this.hasher.hash("short-lived-key"))
			.map(row -> row.get("id", UUID.class))
			.one()
			.block();
		get("/api/articles", "short-lived-key").expectStatus().isOk();
		DatabaseClient.create(dataLayer.database().ownerConnectionFactory())
			.sql("DELETE FROM api_keys WHERE id = :id")
			.bind("id", keyId)
			.fetch()
			.rowsUpdated()
			.as(StepVerifier::create)
			.expectNext(1L)
			.verifyComplete();
		get("/api/articles", "short-lived-key").expectStatus().isOk();
		this.keys.invalidate(keyId);
		get("/api/articles", "short-lived-key").expectStatus().isUnauthorized();
	}

	private WebTestClient.ResponseSpec get(String uri, String apiKey) {
		return this.web.get().uri(uri).header("X-API-Key", apiKey).exchange();
	}

}
