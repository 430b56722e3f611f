package dev.reactivedata.demo.consistency;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.reactivedata.demo.DemoDataLayer;
import dev.reactivedata.testing.DataLayerExtension;
import dev.reactivedata.testing.PrivateReplicatedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo on a private primary with a streaming replica: tenants' reads are served by the replica (as rdl_app,
 * bound to the tenant by row-level security there too) and every read after a write sees it when the client sends
 * back the consistency token, though the replica applies WAL late.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "reactivedata.core.replicas-poll-interval=100ms", "spring.r2dbc.pool.initial-size=1",
				"spring.r2dbc.pool.max-size=4", "spring.r2dbc.pool.max-acquire-time=30s",
				"spring.r2dbc.pool.max-create-connection-time=30s" })
@AutoConfigureWebTestClient
class ReplicaReadsIntegrationTests {

	// Only for the Redis key prefix: PostgreSQL is the private pair's.
	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	private static final PrivateReplicatedPostgres servers = PrivateReplicatedPostgres.shared();

	private static final String database = servers.createDatabase("demo_replicas");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		String primary = "127.0.0.1:" + servers.primary().port() + "/" + database;
		registry.add("spring.r2dbc.url", () -> "r2dbc:postgresql://" + primary);
		registry.add("spring.flyway.url", () -> "jdbc:postgresql://" + primary);
		registry.add("spring.flyway.user", () -> "postgres");
		registry.add("reactivedata.core.replicas[0].url",
				() -> "r2dbc:postgresql://127.0.0.1:" + servers.replica().port() + "/" + database);
		registry.add("spring.data.redis.url", () -> dataLayer.redis().uri());
		registry.add("reactivedata.cache.key-prefix", () -> dataLayer.redis().keyPrefix());
	}

	private WebTestClient web;

	@Autowired
	void web(WebTestClient web) {
		// The first requests of a cold application on a busy machine can take seconds.
		this.web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
	}

	@Test
	void aTenantsReadsRunOnTheReplicaUnderItsRowLevelSecurity() {
		String location = createArticle("On the replica").getResponseHeaders().getLocation().toString();
		servers.awaitReplayed();
		for (int i = 0; i < 5; i++) {
			this.web.get().uri(location + "/comments").header("X-API-Key", "demo-acme-key").exchange()
				.expectStatus().isOk();
			this.web.get().uri(location + "/comments").header("X-API-Key", "demo-globex-key").exchange()
				.expectStatus().isNotFound();
		}
		assertThat(servers.replica().queryValue(database,
				"SELECT count(*) > 0 FROM pg_stat_activity WHERE usename = 'rdl_app'")).isEqualTo("t");
	}

	@Test
	void readsWithTheTokenOfTheLastWriteSeeIt() {
		String location = createArticle("Read your writes").getResponseHeaders().getLocation().toString();
		servers.replayDelay(Duration.ofMillis(300));
		try {
			String token = null;
			for (int i = 0; i < 20; i++) {
				WebTestClient.RequestBodySpec post = this.web.post().uri(location + "/comments")
					.header("X-API-Key", "demo-acme-key");
				if (token != null) {
					post.header(ConsistencyTokenWebFilter.HEADER, token);
				}
				token = post.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("author", "reader", "body", "comment " + i))
					.exchange()
					.expectStatus().isCreated()
					.expectHeader().exists(ConsistencyTokenWebFilter.HEADER)
					.returnResult(Void.class)
					.getResponseHeaders()
					.getFirst(ConsistencyTokenWebFilter.HEADER);
				int expected = i + 1;
				this.web.get().uri(location + "/comments")
					.header("X-API-Key", "demo-acme-key")
					.header(ConsistencyTokenWebFilter.HEADER, Objects.requireNonNull(token))
					.exchange()
					.expectStatus().isOk()
					.expectHeader().valueEquals(ConsistencyTokenWebFilter.HEADER, token)
					.expectBody()
					.jsonPath("$.length()").isEqualTo(expected);
			}
		}
		finally {
			servers.replayDelay(Duration.ZERO);
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void snapshotsAndHealthReportTheReplicasLag() {
		ServerSentEvent<Map<String, Object>> snapshot = this.web.get().uri("/api/metrics/stream")
			.header("X-API-Key", "demo-admin-key")
			.exchange()
			.expectStatus().isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {
			})
			.getResponseBody()
			.filter(event -> "snapshot".equals(event.event()))
			.blockFirst(Duration.ofSeconds(30));
		List<Map<String, Object>> replicas = (List<Map<String, Object>>) Objects.requireNonNull(snapshot.data())
			.get("replicas");
		assertThat(replicas).singleElement().satisfies(replica -> assertThat(replica)
			.containsEntry("name", "replica-0").containsKeys("lagBytes", "lagSeconds", "healthy"));
		this.web.get().uri("/actuator/health/details")
			.header("X-API-Key", "demo-admin-key")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.components.replicas.status").isEqualTo("UP")
			.jsonPath("$.components.replicas.details['replica-0'].lagBytes").isNumber();
	}

	@Test
	void aTokenThatIsNoWalPositionIsABadRequest() {
		this.web.get().uri("/api/articles").header("X-API-Key", "demo-acme-key")
			.header(ConsistencyTokenWebFilter.HEADER, "yesterday")
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status").isEqualTo(400);
	}

	private FluxExchangeResult<Void> createArticle(String title) {
		return this.web.post().uri("/api/articles")
			.header("X-API-Key", "demo-acme-key")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", title, "body", "Hello", "tags", List.of("news")))
			.exchange()
			.expectStatus().isCreated()
			.expectHeader().exists(ConsistencyTokenWebFilter.HEADER)
			.returnResult(Void.class);
	}

}
