package dev.reactivedata.monitoring.proxy;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import dev.reactivedata.core.pool.GuardedConnectionPool;
import dev.reactivedata.core.pool.PoolOptions;
import dev.reactivedata.core.tenant.TenantBindingConnectionFactory;
import dev.reactivedata.core.tenant.TenantContext;
import dev.reactivedata.core.tx.Transactions;
import dev.reactivedata.testing.DataLayerExtension;
import dev.reactivedata.testing.NettyLeaks;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.listener.ProxyExecutionListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of subscriptions cancelled at random points through the whole connection chain of an application
 * (driver, the direct proxies with a query listener, the guarded pool, the tenant binding, units of work):
 * while acquiring, while the statement runs, in the middle of a 500-row result, in the middle of a transaction.
 * Afterwards the pool is idle, no backend of the test database is running or inside a transaction, no unit of
 * work was committed half-way, Netty reports no leaked buffer or data row, and the next request succeeds.
 */
class CancellationStormIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	private static final int SUBSCRIPTIONS = 3000;

	private static final int CONCURRENCY = 48;

	private final AtomicLong queries = new AtomicLong();

	private NettyLeaks leaks;

	private GuardedConnectionPool pool;

	private DatabaseClient client;

	private DatabaseClient owner;

	private Transactions transactions;

	@BeforeEach
	void setUp() {
		this.leaks = NettyLeaks.paranoid();
		ProxyConnectionFactory.Builder proxy = ProxyConnectionFactory.builder(dataLayer.database().ownerConnectionFactory())
			.listener(new ProxyExecutionListener() {
				@Override
				public void afterQuery(QueryExecutionInfo execution) {
					CancellationStormIntegrationTests.this.queries.incrementAndGet();
				}
			});
		proxy.getProxyConfig().setProxyFactoryFactory(new DirectProxyFactoryFactory());
		this.pool = GuardedConnectionPool.create(proxy.build(), PoolOptions.builder()
			.maxSize(8)
			.acquireTimeout(Duration.ofSeconds(30))
			.createTimeout(Duration.ofSeconds(30))
			.build());
		TenantBindingConnectionFactory bound = new TenantBindingConnectionFactory(this.pool);
		this.client = DatabaseClient.create(bound);
		this.transactions = new Transactions(new R2dbcTransactionManager(bound));
		this.owner = DatabaseClient.create(dataLayer.database().ownerConnectionFactory());
		this.owner.sql("CREATE TABLE IF NOT EXISTS units (name text NOT NULL)").then()
			.as(StepVerifier::create)
			.verifyComplete();
	}

	@AfterEach
	void tearDown() {
		this.pool.close().block(Duration.ofSeconds(30));
		this.leaks.close();
	}

	@Test
	void cancellationsAtRandomPointsLeaveAnIdlePoolNoOpenBackendNoHalfCommittedWorkAndNoLeak() {
		UUID tenant = UUID.randomUUID();
		Flux.range(0, SUBSCRIPTIONS)
			.flatMap(i -> cancelledSomewhere(i).contextWrite(TenantContext.withTenant(tenant)), CONCURRENCY)
			.then()
			.as(StepVerifier::create)
			.verifyComplete();

		idlePool().as(StepVerifier::create).verifyComplete();
		quiescent().as(StepVerifier::create).verifyComplete();
		count("SELECT count(*) AS n FROM (SELECT split_part(name, '/', 1) FROM units "
				+ "GROUP BY split_part(name, '/', 1) HAVING count(*) <> 2) AS halves")
			.as(StepVerifier::create)
			.expectNext(0L)
			.verifyComplete();
		this.client.sql("SELECT count(*) AS n FROM generate_series(1, 500)")
			.map(row -> row.get("n", Long.class))
			.one()
			.as(StepVerifier::create)
			.expectNext(500L)
			.verifyComplete();
		assertThat(this.queries).hasPositiveValue();
		assertThat(this.leaks.collect()).as("leaks reported by Netty").isEmpty();
	}

	private Mono<Void> cancelledSomewhere(int i) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		Duration after = Duration.ofMillis(random.nextInt(0, 12));
		return switch (i % 4) {
			case 0 -> this.client.sql("SELECT 1 AS one")
				.map(row -> row.get("one"))
				.one()
				.take(Duration.ofNanos(random.nextInt(0, 200_000)))
				.then();
			case 1 -> this.client.sql("SELECT pg_sleep(0.02)").fetch().rowsUpdated().take(after).then();
			case 2 -> this.client.sql("SELECT g, repeat('x', 200) AS filler FROM generate_series(1, 500) AS g")
				.map(row -> row.get("filler"))
				.all()
				.take(random.nextInt(1, 500))
				.take(after)
				.then();
			default -> this.transactions.inTransaction(insert("unit-" + i + "/a")
				.then(this.client.sql("SELECT pg_sleep(0.005)").fetch().rowsUpdated())
				.then(insert("unit-" + i + "/b")))
				.take(after)
				.then();
		};
	}

	private Mono<Long> insert(String name) {
		return this.client.sql("INSERT INTO units (name) VALUES (:name)").bind("name", name).fetch().rowsUpdated();
	}

	private Mono<Long> count(String sql) {
		return this.owner.sql(sql).map(row -> row.get("n", Long.class)).one();
	}

	private Mono<Void> idlePool() {
		return Mono.fromSupplier(() -> this.pool.getMetrics().map(PoolMetrics::acquiredSize).orElse(0))
			.filter(acquired -> acquired == 0)
			.repeatWhenEmpty(attempts -> attempts.take(100).delayElements(Duration.ofMillis(100)))
			.switchIfEmpty(Mono.error(() -> new AssertionError("Connections stayed acquired (" + this.pool.getMetrics().map(PoolMetrics::acquiredSize).orElse(-1) + "): "
					+ this.pool.heldConnections())))
			.then();
	}

	private Mono<Void> quiescent() {
		return count("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() "
				+ "AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction', "
				+ "'idle in transaction (aborted)')")
			.filter(open -> open == 0)
			.repeatWhenEmpty(attempts -> attempts.take(100).delayElements(Duration.ofMillis(100)))
			.switchIfEmpty(Mono.error(() -> new AssertionError("Backends of the test database stayed busy")))
			.then();
	}

}
