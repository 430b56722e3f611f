package dev.reactivedata.monitoring.query;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.reactivedata.core.tenant.TenantBindingConnectionFactory;
import dev.reactivedata.core.tenant.TenantContext;
import dev.reactivedata.monitoring.alert.AlertEvaluator;
import dev.reactivedata.monitoring.alert.AlertThresholds;
import dev.reactivedata.monitoring.pool.AcquisitionTimingConnectionFactory;
import dev.reactivedata.monitoring.pool.PoolStatistics;
import dev.reactivedata.monitoring.stream.CacheStatisticsSource;
import dev.reactivedata.monitoring.stream.MetricsStream;
import dev.reactivedata.testing.DataLayerExtension;
import io.micrometer.core.instrument.Clock;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Query observation end to end on real PostgreSQL: r2dbc-proxy inside an r2dbc-pool (with a validation
 * query), the tenant binding and the acquisition observer outside it, as the auto-configuration wires them.
 */
class QueryMonitorIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	private static final UUID TENANT = UUID.fromString("6f1c3c1e-4d3b-4a43-9d7e-0f5a2b1c9d10");

	private QueryMonitor monitor;

	private ConnectionPool pool;

	private ConnectionFactory connectionFactory;

	private DatabaseClient client;

	@BeforeAll
	static void createTable() {
		DatabaseClient owner = DatabaseClient.create(dataLayer.database().ownerConnectionFactory());
		owner.sql("CREATE TABLE IF NOT EXISTS items (id int PRIMARY KEY, name text NOT NULL)").then()
			.then(owner.sql("INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 20) g ON CONFLICT DO NOTHING")
				.then())
			.as(StepVerifier::create)
			.verifyComplete();
	}

	@BeforeEach
	void wire() {
		this.monitor = QueryMonitor.create(QueryMonitorOptions.builder()
			.slowThreshold(Duration.ofMillis(200))
			.nPlusOneThreshold(5)
			.build());
		ProxyConnectionFactory.Builder proxy = ProxyConnectionFactory.builder(dataLayer.database().ownerConnectionFactory());
		this.monitor.configure(proxy);
		ConnectionFactory proxied = proxy.build();
		this.pool = new ConnectionPool(ConnectionPoolConfiguration.builder(proxied)
			.initialSize(0)
			.maxSize(4)
			.validationQuery("SELECT 1")
			.build());
		this.connectionFactory = new AcquisitionTimingConnectionFactory(new TenantBindingConnectionFactory(this.pool),
				new LatencyWindow(Duration.ofSeconds(30), Clock.SYSTEM), null);
		this.client = DatabaseClient.create(this.connectionFactory);
	}

	@AfterEach
	void disposePool() {
		this.pool.disposeLater().as(StepVerifier::create).verifyComplete();
	}

	@Test
	void loopOfSingleRowReadsRaisesExactlyOneNPlusOneEvent() {
		QueryScope scope = this.monitor.openScope("loop-request", "GET /items");
		Flux.range(1, 10)
			.concatMap(this::readOne)
			.then(Mono.fromCallable(() -> this.monitor.close(scope)))
			.contextWrite(scope::writeTo)
			.contextWrite(TenantContext.withTenant(TENANT))
			.as(StepVerifier::create)
			.assertNext(events -> assertThat(events).singleElement().satisfies(event -> {
				assertThat(event.kind()).isEqualTo(RequestQueryEvent.Kind.N_PLUS_ONE);
				assertThat(event.sql()).isEqualTo("SELECT name FROM items WHERE id = ?");
				assertThat(event.count()).isEqualTo(10);
				assertThat(event.correlationId()).isEqualTo("loop-request");
			}))
			.verifyComplete();
		// Pool validation and tenant binding ran too, but as part of acquiring: only the reads count.
		assertThat(scope.statementCount()).isEqualTo(10);
		assertThat(this.monitor.statistics().totals().queries()).isGreaterThan(10);
	}

	@Test
	void batchedLoadRaisesNoEvent() {
		QueryScope scope = this.monitor.openScope("batch-request", "GET /items?batch");
		this.client.sql("SELECT name FROM items WHERE id = ANY($1)")
			.bind(0, new Integer[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 })
			.map(row -> row.get("name", String.class))
			.all()
			.collectList()
			.flatMap(names -> Mono.fromCallable(() -> this.monitor.close(scope)).map(events -> List.of(names, events)))
			.contextWrite(scope::writeTo)
			.contextWrite(TenantContext.withTenant(TENANT))
			.as(StepVerifier::create)
			.assertNext(result -> {
				assertThat((List<?>) result.get(0)).hasSize(10);
				assertThat((List<?>) result.get(1)).isEmpty();
			})
			.verifyComplete();
		assertThat(scope.statementCount()).isEqualTo(1);
	}

	@Test
	void slowQueryAppearsInTheSlowLogAndOnTheStream() {
		MetricsStream stream = new MetricsStream(PoolStatistics.of(this.connectionFactory).orElseThrow(),
				this.monitor.statistics(), CacheStatisticsSource.NONE, new AlertEvaluator(AlertThresholds.defaults()));
		QueryScope scope = this.monitor.openScope("slow-request", "GET /slow");
		Mono<String> slowQuery = this.client.sql("SELECT pg_sleep(0.3)::text AS slept")
			.map(row -> "done")
			.one()
			.contextWrite(scope::writeTo);
		Flux<String> onStream = stream.snapshots(Duration.ofMillis(100))
			.filter(snapshot -> snapshot.queries().slow() >= 1)
			.take(1)
			.map(snapshot -> "snapshot");
		Flux<String> slowEvents = this.monitor.slowQueries().events().take(1).map(slow -> "slow-query");
		Flux.merge(onStream, slowEvents, slowQuery.then(Mono.<String>empty()))
			.collectList()
			.as(StepVerifier::create)
			.assertNext(seen -> assertThat(seen).containsExactlyInAnyOrder("snapshot", "slow-query"))
			.verifyComplete();
		assertThat(this.monitor.slowQueries().recent()).singleElement().satisfies(slow -> {
			assertThat(slow.sql()).isEqualTo("SELECT pg_sleep(?)::text AS slept");
			assertThat(slow.durationMs()).isGreaterThanOrEqualTo(300.0);
			assertThat(slow.rows()).isEqualTo(1);
			assertThat(slow.correlationId()).isEqualTo("slow-request");
			assertThat(slow.success()).isTrue();
		});
		assertThat(PoolStatistics.of(this.connectionFactory).orElseThrow().snapshot().acquireP99Ms()).isPositive();
	}

	@Test
	void timingEndsWhenTheResultsAreConsumed() {
		// The statement itself is fast; the caller takes 150 ms per row, and the timer includes that.
		Mono.usingWhen(this.connectionFactory.create(),
				connection -> Flux.from(connection.createStatement("SELECT g FROM generate_series(1, 3) g").execute())
					.concatMap(result -> result.map((row, metadata) -> row.get(0, Integer.class)))
					.concatMap(value -> Mono.delay(Duration.ofMillis(150)).thenReturn(value), 1)
					.count(),
				Connection::close)
			.as(StepVerifier::create)
			.expectNext(3L)
			.verifyComplete();
		assertThat(this.monitor.slowQueries().recent()).singleElement().satisfies(slow -> {
			assertThat(slow.sql()).isEqualTo("SELECT g FROM generate_series(?, ?) g");
			assertThat(slow.durationMs()).isGreaterThanOrEqualTo(300.0);
			assertThat(slow.rows()).isEqualTo(3);
		});
	}

	@Test
	void failedStatementsCountAsErrors() {
		this.client.sql("SELECT * FROM no_such_table").fetch().all()
			.as(StepVerifier::create)
			.expectError()
			.verify(Duration.ofSeconds(10));
		assertThat(this.monitor.statistics().totals().errors()).isEqualTo(1);
	}

	private Mono<String> readOne(int id) {
		return this.client.sql("SELECT name FROM items WHERE id = $1")
			.bind(0, id)
			.map(row -> row.get("name", String.class))
			.one();
	}

}
