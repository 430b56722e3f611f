package dev.reactivedata.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.reactivedata.core.tenant.TenantBindingConnectionFactory;
import dev.reactivedata.demo.auth.ApiKeyStore;
import dev.reactivedata.monitoring.alert.AlertEvaluator;
import dev.reactivedata.monitoring.alert.AlertReadings;
import dev.reactivedata.monitoring.pool.AcquisitionTimingConnectionFactory;
import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring features of the demo over HTTP: the SSE contract, slow-query events, {@code X-Query-Count},
 * insights, health and the dashboard page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "reactivedata.monitoring.query.slow-threshold=200ms")
@AutoConfigureWebTestClient
class MonitoringIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	@DynamicPropertySource
	static void dataLayerProperties(DynamicPropertyRegistry registry) {
		dataLayer.registerSpringProperties(registry);
	}

	@Autowired
	private WebTestClient web;

	@Autowired
	private ApiKeyStore apiKeys;

	@Autowired
	private DatabaseClient databaseClient;

	@Autowired
	private ConnectionFactory connectionFactory;

	@Autowired
	private AlertEvaluator alerts;

	@Test
	@SuppressWarnings("unchecked")
	void snapshotsCarryExactlyTheContractFields() {
		events("/api/metrics/stream?intervalMs=200&access_token=demo-admin-key")
			.filter(event -> "snapshot".equals(event.event()))
			.take(2)
			.as(StepVerifier::create)
			.thenConsumeWhile(event -> {
				Map<String, Object> snapshot = event.data();
				// DESIGN §7's fields, and the replicas' lag (DESIGN §12: empty without replicas).
				assertThat(snapshot).containsOnlyKeys("timestamp", "pool", "queries", "cache", "alerts", "replicas");
				assertThat((Map<String, Object>) snapshot.get("pool")).containsOnlyKeys("acquired", "idle", "pending",
						"max", "acquireP99Ms");
				assertThat((Map<String, Object>) snapshot.get("queries")).containsOnlyKeys("perSecond",
						"errorsPerSecond", "p50Ms", "p95Ms", "p99Ms", "slow");
				assertThat((Map<String, Object>) snapshot.get("cache")).containsOnlyKeys("hitRatio", "hitsPerSecond",
						"missesPerSecond", "errors", "circuit");
				assertThat(snapshot.get("alerts")).isInstanceOf(List.class);
				assertThat(snapshot.get("timestamp")).isInstanceOf(String.class);
				return true;
			})
			.verifyComplete();
	}

	@Test
	@SuppressWarnings("unchecked")
	void slowQueryIsSentAsAnEvent() {
		Flux<ServerSentEvent<Map<String, Object>>> slowEvents = events(
				"/api/metrics/stream?intervalMs=500&access_token=demo-admin-key")
			.filter(event -> "slow-query".equals(event.event()))
			.take(1);
		Mono<Void> slowQuery = Mono.delay(Duration.ofMillis(500))
			.then(this.databaseClient.sql("SELECT pg_sleep(0.3)::text").fetch().rowsUpdated().then());
		Flux.merge(slowEvents, slowQuery.then(Mono.empty()))
			.as(StepVerifier::create)
			.assertNext(event -> {
				Map<String, Object> slow = (Map<String, Object>) event.data();
				assertThat(slow).containsKeys("shapeId", "sql", "durationMs", "rows", "time", "correlationId");
				assertThat(slow.get("sql")).isEqualTo("SELECT pg_sleep(?)::text");
				assertThat(((Number) slow.get("durationMs")).doubleValue()).isGreaterThanOrEqualTo(300.0);
			})
			.verifyComplete();
	}

	@Test
	@SuppressWarnings("unchecked")
	void alertsAreSentAsEventsWhenRaisedAndResolved() {
		Instant later = Instant.now().plus(Duration.ofDays(1));
		Flux<ServerSentEvent<Map<String, Object>>> alertEvents = events(
				"/api/metrics/stream?intervalMs=60000&access_token=demo-admin-key")
			.filter(event -> "alert".equals(event.event()))
			.filter(event -> "cache-circuit-open".equals(event.data().get("name")))
			.take(2);
		Mono<Void> openThenClose = Mono.delay(Duration.ofMillis(500)).then(Mono.fromRunnable(() -> {
			this.alerts.evaluate(new AlertReadings(later, 0, 20, 0, 0, 0, 0, 0, 0, true));
			this.alerts.evaluate(new AlertReadings(later.plusSeconds(5), 0, 20, 0, 0, 0, 0, 0, 0, false));
		}));
		Flux.merge(alertEvents, openThenClose.then(Mono.empty()))
			.as(StepVerifier::create)
			.assertNext(event -> assertThat((Map<String, Object>) event.data()).containsEntry("name", "cache-circuit-open")
				.containsEntry("state", "RAISED")
				.containsKeys("severity", "message", "value", "threshold", "time"))
			.assertNext(event -> assertThat((Map<String, Object>) event.data()).containsEntry("state", "RESOLVED"))
			.verifyComplete();
	}

	@Test
	@SuppressWarnings("unchecked")
	void streamSendsIdsAndRetryAndResumesWithTheMissedAlerts() {
		Instant later = Instant.now().plus(Duration.ofDays(2));
		this.alerts.evaluate(new AlertReadings(later, 0, 20, 0, 0, 0, 0, 0, 0, true));
		this.alerts.evaluate(new AlertReadings(later.plusSeconds(5), 0, 20, 0, 0, 0, 0, 0, 0, false));
		List<dev.reactivedata.monitoring.alert.AlertEvent> kept = this.alerts.eventsAfter(-1);
		long raised = kept.stream().filter(event -> event.name().equals("cache-circuit-open")
				&& event.state() == dev.reactivedata.monitoring.alert.AlertEvent.State.RAISED)
			.reduce((first, second) -> second).orElseThrow().id();
		this.web.get().uri("/api/metrics/stream?intervalMs=60000")
			.header("X-API-Key", "demo-admin-key")
			.header("Last-Event-ID", Long.toString(raised - 1))
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("Cache-Control", "no-cache")
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {
			})
			.getResponseBody()
			.filter(event -> !"snapshot".equals(event.event()))
			.takeUntil(event -> "hello".equals(event.event()))
			.collectList()
			.as(StepVerifier::create)
			.assertNext(events -> {
				ServerSentEvent<Map<String, Object>> first = events.get(0);
				assertThat(first.event()).isEqualTo("alert");
				assertThat(first.id()).isEqualTo(Long.toString(raised));
				assertThat(first.data()).containsEntry("name", "cache-circuit-open").containsEntry("state", "RAISED");
				assertThat(events).anySatisfy(event -> {
					assertThat(event.event()).isEqualTo("alert");
					assertThat(event.data()).containsEntry("name", "cache-circuit-open").containsEntry("state", "RESOLVED");
				});
				ServerSentEvent<Map<String, Object>> hello = events.get(events.size() - 1);
				assertThat(hello.event()).isEqualTo("hello");
				assertThat(hello.retry()).isEqualTo(Duration.ofSeconds(3));
				assertThat(Long.parseLong(hello.id())).isGreaterThan(raised);
			})
			.verifyComplete();
	}

	@Test
	void historyHasTheSnapshotsTheServerRecordedWithoutSubscribers() {
		// The server records one snapshot a second from startup, with nobody subscribed.
		Mono.delay(Duration.ofMillis(2100)).block(Duration.ofSeconds(5));
		this.web.get().uri("/api/metrics/history?minutes=5")
			.header("X-API-Key", "demo-admin-key")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.snapshots.length()").value(length -> assertThat((Integer) length).isGreaterThanOrEqualTo(2))
			.jsonPath("$.snapshots[0].timestamp").isNotEmpty()
			.jsonPath("$.snapshots[0].queries.p99Ms").isNumber();
		this.web.get().uri("/api/metrics/history?minutes=99")
			.header("X-API-Key", "demo-admin-key")
			.exchange()
			.expectStatus().isBadRequest();
	}

	@Test
	void everyMetricOfTheGrafanaDashboardIsExposed() {
		this.web.mutate()
			.codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build()
			.get().uri("/actuator/prometheus")
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class)
			// N+1 counters are registered per shape at the first N+1 pattern.
			.value(body -> assertThat(grafanaMetrics()).isNotEmpty()
				.filteredOn(metric -> !metric.equals("db_query_n_plus_one_total"))
				.allSatisfy(metric -> assertThat(body).containsPattern("(?m)^" + metric + "[{ ]")));
	}

	@Test
	void everyApiResponseCarriesTheQueryCount() {
		this.web.get().uri("/api/articles/{id}", "0b0f9a5e-34f7-4f37-8c47-51b1cba0c0a1")
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals("X-Query-Count", "0");
		// The key lookup (the key cache emptied first) and the article read (a fresh id, so the cache has no
		// "not found" for it yet).
		this.apiKeys.invalidateAll();
		this.web.get().uri("/api/articles/{id}", UUID.randomUUID())
			.header("X-API-Key", "demo-acme-key")
			.exchange()
			.expectStatus().isNotFound()
			.expectHeader().valueEquals("X-Query-Count", "2");
		this.web.get().uri("/actuator/health")
			.exchange()
			.expectHeader().doesNotExist("X-Query-Count");
	}

	@Test
	void insightsAreForAdmins() {
		this.web.get().uri("/api/db/insights")
			.header("X-API-Key", "demo-acme-key")
			.exchange()
			.expectStatus().isForbidden();
		this.web.get().uri("/api/db/insights")
			.header("X-API-Key", "demo-admin-key")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.database").isEqualTo(dataLayer.database().name())
			.jsonPath("$.unusedIndexes.status").exists()
			.jsonPath("$.duplicateIndexes.findings").isArray()
			.jsonPath("$.blockingQueries.status").isEqualTo("OK")
			.jsonPath("$.topQueries.status").exists()
			.jsonPath("$.statistics.since").exists()
			.jsonPath("$.recommendations").isArray()
			// A demo that has just started has done nothing wrong: no index to drop, no cache or bloat alarm.
			.jsonPath("$.recommendations[?(@.check in ['unusedIndexes', 'cacheHitRatio', 'tableBloat'])]").isEmpty()
			.jsonPath("$.cacheHitRatio.status").isEqualTo("NOT_ENOUGH_DATA")
			.jsonPath("$.tableBloat.status").isEqualTo("NOT_ENOUGH_DATA");
	}

	@Test
	void healthHasDatabaseAndPoolComponents() {
		this.web.get().uri("/actuator/health/details")
			.header("X-API-Key", "demo-admin-key")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.components.database.status").isEqualTo("UP")
			.jsonPath("$.components.database.details.latencyMs").isNumber()
			.jsonPath("$.components.pool.status").isEqualTo("UP")
			.jsonPath("$.components.pool.details.max").isEqualTo(20);
	}

	@Test
	void prometheusExposesQueryTimersAndAlertRulesMatchThem() {
		this.web.get().uri("/api/articles/{id}", "0b0f9a5e-34f7-4f37-8c47-51b1cba0c0a1")
			.header("X-API-Key", "demo-acme-key")
			.exchange()
			.expectStatus().isNotFound();
		this.web.mutate()
			.codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build()
			.get().uri("/actuator/prometheus")
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class)
			.value(body -> assertThat(body).contains("db_query_seconds_bucket{", "db_query_rows_", "outcome=\"success\"",
					"db_pool_acquire_seconds_bucket", "db_pool_acquired_connections", "db_pool_max_connections",
					"cache_circuit_state{")
				.doesNotContain("r2dbc_pool", "r2dbc_query", "reactivedata_cache_circuit_open"));
	}

	@Test
	void queryShapesMapTheShapeTagToSqlForAdmins() {
		this.web.get().uri("/api/articles/{id}", "0b0f9a5e-34f7-4f37-8c47-51b1cba0c0a1")
			.header("X-API-Key", "demo-acme-key")
			.exchange()
			.expectStatus().isNotFound();
		this.web.get().uri("/actuator/dbqueries").exchange().expectStatus().isUnauthorized();
		this.web.get().uri("/actuator/dbqueries")
			.header("X-API-Key", "demo-acme-key")
			.exchange()
			.expectStatus().isForbidden();
		this.web.get().uri("/actuator/dbqueries")
			.header("X-API-Key", "demo-admin-key")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.maxShapes").isEqualTo(200)
			.jsonPath("$.shapes[0].id").isNotEmpty()
			.jsonPath("$.shapes[?(@.sql =~ /.*FROM articles.*/i)]").exists();
	}

	@Test
	void acquisitionIsObservedOutsideTheTenantBinding() {
		assertThat(this.connectionFactory).isInstanceOf(AcquisitionTimingConnectionFactory.class);
		assertThat(((AcquisitionTimingConnectionFactory) this.connectionFactory).unwrap())
			.isInstanceOf(TenantBindingConnectionFactory.class);
	}

	@Test
	void dashboardIsServedAtTheRoot() {
		this.web.get().uri("/")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class)
			.value(body -> assertThat(body).contains("dashboard.js", "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js"));
		this.web.get().uri("/dashboard.js")
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class)
			.value(body -> assertThat(body).contains("X-API-Key", "Last-Event-ID", "sessionStorage", "/api/metrics/history",
					"/api/db/insights").doesNotContain("localStorage", "access_token"));
		this.web.get().uri("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().value("Content-Type", type -> assertThat(type).contains("javascript"))
			.expectBody(String.class)
			.value(body -> assertThat(body).contains("uPlot"));
		this.web.get().uri("/webjars/uplot/1.6.30/dist/missing.js").exchange().expectStatus().isNotFound();
		this.web.get().uri("/webjars/../application.yaml").exchange().expectStatus().isNotFound();
	}

	/** The metric names the shipped Grafana dashboard queries (ALERTS is Prometheus' own). */
	private static Set<String> grafanaMetrics() {
		try (InputStream in = MonitoringIntegrationTests.class
			.getResourceAsStream("/prometheus/reactivedata-grafana-dashboard.json")) {
			assertThat(in).isNotNull();
			String dashboard = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			return Pattern.compile("\\b((?:db|cache|reactivedata)_[a-z_]+)\\{")
				.matcher(dashboard)
				.results()
				.map(match -> match.group(1))
				.collect(Collectors.toSet());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Flux<ServerSentEvent<Map<String, Object>>> events(String uri) {
		return this.web.get().uri(uri)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus().isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {
			})
			.getResponseBody();
	}

}
