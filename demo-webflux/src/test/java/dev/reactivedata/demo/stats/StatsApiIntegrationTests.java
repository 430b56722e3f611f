package dev.reactivedata.demo.stats;

import java.util.List;
import java.util.Map;

import dev.reactivedata.cache.aside.ReactiveCache;
import dev.reactivedata.core.maintenance.MaintenanceOptions;
import dev.reactivedata.core.maintenance.MaintenanceOperations;
import dev.reactivedata.core.maintenance.ViewRefresh;
import dev.reactivedata.demo.DemoDataLayer;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.cache.CacheManager;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@code GET /api/stats} over HTTP: counts by status, tag and day from the materialized view after
 * {@code db views refresh}'s operation, each tenant seeing only its own, and the live count through the
 * {@code security_invoker} view.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class StatsApiIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	@DynamicPropertySource
	static void dataLayerProperties(DynamicPropertyRegistry registry) {
		dataLayer.registerSpringProperties(registry);
	}

	@Autowired
	private WebTestClient web;

	@Autowired
	private CacheManager caches;

	@Test
	void countsPerStatusTagAndDayOfTheCallersTenantAfterARefresh() {
		long before = articles("demo-acme-key");
		createArticle("demo-acme-key", "stats-one");
		createArticle("demo-acme-key", "stats-one");
		assertThat(articles("demo-acme-key")).isEqualTo(before + 2);
		assertThat(stats("demo-acme-key").byTag()).doesNotContainKey("stats-one");
		refresh();
		clearCachedStatistics();
		StatsController.StatsResponse acme = stats("demo-acme-key");
		assertThat(acme.byTag()).containsEntry("stats-one", 2L);
		assertThat(acme.byStatus().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(before + 2);
		assertThat(acme.byDay().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(before + 2);
		StatsController.StatsResponse globex = stats("demo-globex-key");
		assertThat(globex.byTag()).doesNotContainKey("stats-one");
	}

	/**
	 * The second read is a cache hit (no statement); each tenant reads its own entry, loaded under its own tenant
	 * binding (row-level security would show another tenant nothing); an article write evicts the writer's entry.
	 */
	@Test
	void statisticsAreCachedPerTenantAndEvictedByArticleWrites() {
		long acme = articles("demo-acme-key");
		long globex = articles("demo-globex-key");
		this.web.get().uri("/api/stats").header("X-API-Key", "demo-acme-key").exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("X-Query-Count", "0");
		createArticle("demo-acme-key", "cached-stats");
		assertThat(articles("demo-acme-key")).isEqualTo(acme + 1);
		assertThat(articles("demo-globex-key")).isEqualTo(globex);
		createArticle("demo-globex-key", "cached-stats");
		createArticle("demo-globex-key", "cached-stats");
		assertThat(articles("demo-globex-key")).isEqualTo(globex + 2);
		assertThat(articles("demo-acme-key")).isEqualTo(acme + 1);
	}

	@Test
	void needsATenantKey() {
		this.web.get().uri("/api/stats").header("X-API-Key", "demo-admin-key").exchange().expectStatus().isForbidden();
	}

	private void refresh() {
		PGSimpleDataSource owner = new PGSimpleDataSource();
		owner.setURL(dataLayer.database().jdbcUrl());
		owner.setUser(dataLayer.database().ownerUser());
		owner.setPassword(dataLayer.database().ownerPassword());
		new MaintenanceOperations(owner, MaintenanceOptions.defaults()).refreshMaterializedViews(true)
			.as(StepVerifier::create)
			.assertNext(views -> assertThat(views).extracting(ViewRefresh::view, ViewRefresh::concurrently)
				.contains(tuple("public.article_stats", true)))
			.verifyComplete();
	}

	/** A refresh shows once the cached statistics expire; the test clears them rather than waiting. */
	private void clearCachedStatistics() {
		((ReactiveCache) this.caches.getCache("stats").getNativeCache()).clear().as(StepVerifier::create).verifyComplete();
	}

	private long articles(String apiKey) {
		return stats(apiKey).articles();
	}

	private StatsController.StatsResponse stats(String apiKey) {
		return this.web.get().uri("/api/stats")
			.header("X-API-Key", apiKey)
			.exchange()
			.expectStatus().isOk()
			.expectBody(StatsController.StatsResponse.class)
			.returnResult()
			.getResponseBody();
	}

	private void createArticle(String apiKey, String tag) {
		this.web.post().uri("/api/articles")
			.header("X-API-Key", apiKey)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "Counted", "body", "Hello", "tags", List.of(tag)))
			.exchange()
			.expectStatus().isCreated();
	}

}
