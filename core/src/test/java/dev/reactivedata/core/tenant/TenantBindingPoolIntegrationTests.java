package dev.reactivedata.core.tenant;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reactivedata.core.CoreDataLayer;
import dev.reactivedata.core.pool.GuardedConnectionPool;
import dev.reactivedata.core.pool.PoolOptions;
import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.core.QueryInfo;
import io.r2dbc.proxy.listener.ProxyExecutionListener;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant binding on the guarded pool: statements are counted under the pool (r2dbc-proxy) to prove that an
 * already-bound connection costs no extra round trip, and a pool of one connection is shared by tenant A, no
 * tenant and tenant B with cancelled borrowers and server-killed connections in between.
 */
class TenantBindingPoolIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = CoreDataLayer.extension();

	private final UUID tenantA = UUID.randomUUID();

	private final UUID tenantB = UUID.randomUUID();

	private final AtomicInteger binds = new AtomicInteger();

	private final AtomicInteger statements = new AtomicInteger();

	private GuardedConnectionPool pool;

	private DatabaseClient client;

	private DatabaseClient owner;

	@BeforeEach
	void setUp() {
		ConnectionFactory counted = ProxyConnectionFactory
			.builder(dataLayer.database().connectionFactory(CoreDataLayer.APP_ROLE, CoreDataLayer.APP_ROLE))
			.listener(new ProxyExecutionListener() {
				@Override
				public void afterQuery(QueryExecutionInfo execution) {
					for (QueryInfo query : execution.getQueries()) {
						TenantBindingPoolIntegrationTests.this.statements.incrementAndGet();
						if (query.getQuery().contains("set_config")) {
							TenantBindingPoolIntegrationTests.this.binds.incrementAndGet();
						}
					}
				}
			})
			.build();
		this.pool = GuardedConnectionPool.create(counted, PoolOptions.builder()
			.maxSize(1)
			.acquireTimeout(Duration.ofSeconds(30))
			.createTimeout(Duration.ofSeconds(30))
			.build());
		this.client = DatabaseClient.create(new TenantBindingConnectionFactory(this.pool));
		this.owner = DatabaseClient.create(dataLayer.database().ownerConnectionFactory());
		this.owner.sql("DELETE FROM notes").then()
			.then(this.owner.sql("INSERT INTO notes (tenant_id, body) VALUES (:a, 'a-1'), (:b, 'b-1')")
				.bind("a", this.tenantA)
				.bind("b", this.tenantB)
				.then())
			.as(StepVerifier::create)
			.verifyComplete();
		this.binds.set(0);
		this.statements.set(0);
	}

	@AfterEach
	void tearDown() {
		this.pool.close().as(StepVerifier::create).verifyComplete();
	}

	@Test
	void connectionAlreadyBoundToTheTenantCostsNoExtraRoundTrip() {
		Flux.concat(bodies(this.tenantA), bodies(this.tenantA), bodies(this.tenantA))
			.as(StepVerifier::create)
			.expectNext(List.of("a-1"), List.of("a-1"), List.of("a-1"))
			.verifyComplete();
		assertThat(this.binds).as("set_config round trips").hasValue(1);
		assertThat(this.statements).as("statements").hasValue(1 + 3);
		Flux.concat(bodies(this.tenantB), bodies(this.tenantB), bodies(null), bodies(null))
			.as(StepVerifier::create)
			.expectNext(List.of("b-1"), List.of("b-1"), List.of(), List.of())
			.verifyComplete();
		assertThat(this.binds).as("set_config round trips after two switches").hasValue(3);
		assertThat(this.statements).as("statements").hasValue(3 + 7);
	}

	@Test
	void tenantANoTenantAndTenantBInterleavedWithCancellationsAndKilledConnectionsSeeOnlyTheirRows() {
		Flux.range(0, 36)
			.concatMap(this::step)
			.collectList()
			.as(StepVerifier::create)
			.assertNext(outcomes -> assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isEqualTo("ok")))
			.verifyComplete();
	}

	private Mono<String> step(int i) {
		return switch (i % 9) {
			case 0 -> expect(bodies(this.tenantA), List.of("a-1"), i);
			case 1 -> expect(bodies(null), List.of(), i);
			case 2 -> expect(bodies(this.tenantB), List.of("b-1"), i);
			case 3 -> cancelledBorrower(this.tenantA).thenReturn("ok");
			case 4 -> expect(bodies(null), List.of(), i);
			case 5 -> cancelledBorrower(this.tenantB).then(killApplicationConnections()).thenReturn("ok");
			case 6 -> expect(bodies(this.tenantB), List.of("b-1"), i);
			case 7 -> killApplicationConnections().then(expect(bodies(this.tenantA), List.of("a-1"), i));
			default -> cancelledBorrower(null).then(expect(bodies(this.tenantA), List.of("a-1"), i));
		};
	}

	private static Mono<String> expect(Mono<List<String>> actual, List<String> expected, int step) {
		return actual.map(rows -> rows.equals(expected) ? "ok" : "step " + step + " saw " + rows + ", expected " + expected);
	}

	/** Starts a long read for the tenant and cancels it part-way. */
	private Mono<Void> cancelledBorrower(@Nullable UUID tenant) {
		Flux<String> reads = this.client.sql("SELECT body FROM notes, generate_series(1, 5000)")
			.map(row -> row.get("body", String.class))
			.all();
		return ((tenant != null) ? reads.contextWrite(TenantContext.withTenant(tenant)) : reads).take(3).then();
	}

	private Mono<Void> killApplicationConnections() {
		return this.owner.sql("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) AS n FROM pg_stat_activity "
				+ "WHERE datname = current_database() AND usename = :role")
			.bind("role", CoreDataLayer.APP_ROLE)
			.then();
	}

	private Mono<List<String>> bodies(@Nullable UUID tenant) {
		Flux<String> bodies = this.client.sql("SELECT body FROM notes ORDER BY id")
			.map(row -> row.get("body", String.class))
			.all();
		return ((tenant != null) ? bodies.contextWrite(TenantContext.withTenant(tenant)) : bodies).collectList();
	}

}
