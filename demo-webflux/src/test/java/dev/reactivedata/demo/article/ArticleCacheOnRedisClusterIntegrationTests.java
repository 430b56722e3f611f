package dev.reactivedata.demo.article;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.reactivedata.demo.DemoDataLayer;
import dev.reactivedata.testing.DataLayerExtension;
import dev.reactivedata.testing.PrivateRedisCluster;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's article cache on a three-master Redis Cluster ({@code spring.data.redis.cluster.nodes}) with the near
 * cache on: misses then hits, fenced writes read at their new version, tombstones after a delete, tenants apart,
 * every key of one article in one slot, the articles spread over all masters, and the near cache tracking its
 * keys on each of them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "reactivedata.cache.command-timeout=2s", "reactivedata.cache.near.enabled=true" })
@AutoConfigureWebTestClient
class ArticleCacheOnRedisClusterIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	private static final PrivateRedisCluster cluster = PrivateRedisCluster.shared();

	private static RedisClusterClient inspector;

	private static StatefulRedisClusterConnection<String, String> redis;

	@DynamicPropertySource
	static void dataLayerProperties(DynamicPropertyRegistry registry) {
		dataLayer.registerSpringProperties(registry);
		registry.add("spring.data.redis.cluster.nodes", () -> cluster.nodes()
			.stream()
			.map(node -> "127.0.0.1:" + node.port())
			.collect(Collectors.joining(",")));
	}

	@BeforeAll
	static void connectInspector() {
		// A node's handshake right after the cluster formed sometimes never completes: give up on it after
		// seconds (the topology comes from the other nodes), not after Lettuce's default minute.
		inspector = RedisClusterClient.create(cluster.uris().stream().map(uri -> {
			RedisURI seed = RedisURI.create(uri);
			seed.setTimeout(Duration.ofSeconds(5));
			return seed;
		}).toList());
		redis = inspector.connect();
	}

	@AfterAll
	static void closeInspector() {
		redis.close();
		inspector.shutdown();
	}

	@Autowired
	private WebTestClient web;

	@Test
	void readsMissThenHitAndWritesAreReadAtTheirNewVersion() {
		String location = create("demo-acme-key", "Clustered");
		get(location, "demo-acme-key").expectStatus().isOk().expectHeader().valueEquals("X-Cache", "MISS");
		get(location, "demo-acme-key").expectStatus().isOk().expectHeader().valueEquals("X-Cache", "HIT");
		get(location, "demo-globex-key").expectStatus().isNotFound();
		this.web.put().uri(location)
			.header("X-API-Key", "demo-acme-key")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "Clustered again", "version", 0))
			.exchange()
			.expectStatus().isOk();
		get(location, "demo-acme-key").expectStatus().isOk()
			.expectHeader().valueEquals("ETag", "\"1\"")
			.expectBody().jsonPath("$.title").isEqualTo("Clustered again");
		this.web.delete().uri(location).header("X-API-Key", "demo-acme-key").exchange().expectStatus().isNoContent();
		get(location, "demo-acme-key").expectStatus().isNotFound();
		get(location, "demo-acme-key").expectStatus().isNotFound();
	}

	@Test
	void theKeysOfOneArticleShareASlotAndArticlesSpreadOverTheMasters() {
		for (int i = 0; i < 30; i++) {
			String location = create("demo-acme-key", "Spread " + i);
			get(location, "demo-acme-key").expectStatus().isOk();
			String id = location.substring(location.lastIndexOf('/') + 1);
			List<String> keys = redis.sync().keys(dataLayer.redis().keyPrefix() + "*" + id + "*");
			assertThat(keys).isNotEmpty();
			Set<Long> slots = keys.stream().map(key -> redis.sync().clusterKeyslot(key)).collect(Collectors.toSet());
			assertThat(slots).as("slots of " + keys).hasSize(1);
		}
		assertThat(cluster.keysOn(0)).isPositive();
		assertThat(cluster.keysOn(1)).isPositive();
		assertThat(cluster.keysOn(2)).isPositive();
	}

	@Test
	void theNearCacheTracksTheKeysItReadsOnEveryMaster() {
		List<String> locations = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			String location = create("demo-acme-key", "Tracked " + i);
			get(location, "demo-acme-key").expectStatus().isOk().expectHeader().valueEquals("X-Cache", "MISS");
			locations.add(location);
		}
		// Each master's tracking connection opens on the first read of one of its keys; reads go to Redis meanwhile.
		List<RedisCommands<String, String>> masters = cluster.nodes()
			.stream()
			.map(node -> redis.getConnection("127.0.0.1", node.port()).sync())
			.toList();
		for (int round = 0; round < 100 && !masters.stream().allMatch(master -> master.clientList().contains(" flags=t "));
				round++) {
			locations.forEach(location -> get(location, "demo-acme-key").expectStatus().isOk());
		}
		assertThat(masters).as("masters with a tracking client")
			.allMatch(master -> master.clientList().contains(" flags=t "));
		for (String location : locations) {
			get(location, "demo-acme-key").expectStatus().isOk().expectHeader().valueEquals("X-Cache", "HIT");
		}
	}

	private String create(String apiKey, String title) {
		return this.web.post().uri("/api/articles")
			.header("X-API-Key", apiKey)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", title, "body", "Hello", "tags", List.of("news")))
			.exchange()
			.expectStatus().isCreated()
			.returnResult(Void.class)
			.getResponseHeaders()
			.getLocation()
			.toString();
	}

	private WebTestClient.ResponseSpec get(String location, String apiKey) {
		return this.web.get().uri(location).header("X-API-Key", apiKey).exchange();
	}

}
