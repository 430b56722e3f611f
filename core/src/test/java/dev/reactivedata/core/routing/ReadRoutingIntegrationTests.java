package dev.reactivedata.core.routing;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.reactivedata.core.autoconfigure.ReactiveDataConnectionFactoryAutoConfiguration;
import dev.reactivedata.core.autoconfigure.ReactiveDataCoreAutoConfiguration;
import dev.reactivedata.core.autoconfigure.ReactiveDataPoolAutoConfiguration;
import dev.reactivedata.core.autoconfigure.ReactiveDataRoutingAutoConfiguration;
import dev.reactivedata.core.pool.GuardedConnectionPool;
import dev.reactivedata.core.tenant.TenantBindingConnectionFactory;
import dev.reactivedata.testing.PrivateReplicatedPostgres;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read routing on a private primary with a streaming replica, wired by the auto-configuration.
 */
class ReadRoutingIntegrationTests {

	private static PrivateReplicatedPostgres servers;

	private static String database;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class,
				R2dbcTransactionManagerAutoConfiguration.class, ReactiveDataPoolAutoConfiguration.class,
				ReactiveDataCoreAutoConfiguration.class, ReactiveDataRoutingAutoConfiguration.class,
				ReactiveDataConnectionFactoryAutoConfiguration.class));

	@BeforeAll
	static void createDatabase() {
		servers = PrivateReplicatedPostgres.shared();
		database = servers.createDatabase("routing");
		servers.primary().execute(database, "CREATE TABLE note (id bigserial PRIMARY KEY, body text NOT NULL)");
		servers.awaitReplayed();
	}

	private ApplicationContextRunner routed(String... extra) {
		return this.runner
			.withPropertyValues("spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:" + servers.primary().port() + "/" + database,
					"spring.r2dbc.username=postgres", "reactivedata.core.tenancy.verify-role=false",
					"reactivedata.core.replicas[0].name=replica-a",
					"reactivedata.core.replicas[0].url=r2dbc:postgresql://127.0.0.1:" + servers.replica().port() + "/"
							+ database,
					"reactivedata.core.replicas-poll-interval=100ms", "spring.r2dbc.pool.initial-size=1",
					"spring.r2dbc.pool.max-size=4")
			.withPropertyValues(extra);
	}

	@Test
	void readsLandOnTheReplicaAndWritesOnThePrimary() {
		routed().run(context -> {
			ConnectionFactory factory = context.getBean(ConnectionFactory.class);
			assertThat(factory).isInstanceOf(TenantBindingConnectionFactory.class);
			assertThat(GuardedConnectionPool.find(factory)).isPresent();
			awaitHealthy(context);
			DatabaseClient client = DatabaseClient.create(factory);
			String probe = "routing-probe-" + UUID.randomUUID();

			CompletableFuture<Boolean> read = client
				.sql("SELECT pg_is_in_recovery() AS standby, pg_sleep(1)::text AS slept, '" + probe + "' AS probe")
				.map(row -> row.get("standby", Boolean.class))
				.one()
				.contextWrite(ReplicaReads.allow())
				.toFuture();
			await(() -> "1".equals(servers.replica().queryValue(database, "SELECT count(*) FROM pg_stat_activity"
					+ " WHERE state = 'active' AND query LIKE '%" + probe + "%' AND pid <> pg_backend_pid()")),
					"the read to show in the replica's pg_stat_activity");
			Boolean onReplica = read.get(10, TimeUnit.SECONDS);
			Boolean unmarked = client.sql("SELECT pg_is_in_recovery()")
				.map(row -> row.get(0, Boolean.class))
				.one()
				.block(Duration.ofSeconds(10));

			assertThat(onReplica).isTrue();
			assertThat(unmarked).isFalse();
		});
	}

	@Test
	void readOnlyTransactionsRunOnTheReplicaAndReadWriteOnesOnThePrimary() {
		routed().run(context -> {
			awaitHealthy(context);
			DatabaseClient client = DatabaseClient.create(context.getBean(ConnectionFactory.class));
			ReactiveTransactionManager transactions = context.getBean(ReactiveTransactionManager.class);
			DefaultTransactionDefinition readOnly = new DefaultTransactionDefinition();
			readOnly.setReadOnly(true);
			Mono<Boolean> standby = client.sql("SELECT pg_is_in_recovery()").map(row -> row.get(0, Boolean.class)).one();

			assertThat(TransactionalOperator.create(transactions, readOnly).transactional(standby)
				.block(Duration.ofSeconds(10))).isTrue();
			assertThat(TransactionalOperator.create(transactions, TransactionDefinition.withDefaults())
				.transactional(standby.contextWrite(ReplicaReads.allow()))
				.block(Duration.ofSeconds(10))).isFalse();
		});
	}

	@Test
	void everyReadSeesTheWriteBeforeItDespiteTheReplicaApplyingWalLate() {
		servers.replayDelay(Duration.ofMillis(200));
		try {
			routed().run(context -> {
				ReadRoutingConnectionFactory routing = awaitHealthy(context);
				DatabaseClient client = DatabaseClient.create(context.getBean(ConnectionFactory.class));
				TransactionalOperator transactions = TransactionalOperator
					.create(context.getBean(ReactiveTransactionManager.class));
				ConsistencyToken carried = null;
				int missed = 0;
				int replicaEligible = 0;
				for (int i = 0; i < 1000; i++) {
					// Each pair is one "request": a session starting from the token the previous one returned.
					ConsistencySession session = ConsistencySession.start(carried);
					String body = "note-" + i;
					Mono<Long> insert = client.sql("INSERT INTO note (body) VALUES (:body) RETURNING id")
						.bind("body", body)
						.map(row -> row.get(0, Long.class))
						.one();
					Long id = ((i % 2 == 0) ? insert : transactions.transactional(insert)).contextWrite(session.bind())
						.block(Duration.ofSeconds(10));
					if (i % 50 == 0) {
						// Now and then, capture the write's position and let the replica replay it: the read must then
						// go to it, and see it. Until captured, the session reads from the primary.
						Context readContext = session.bind().andThen(ReplicaReads.allow()).apply(Context.empty());
						assertThat(routing.wouldUseReplica(readContext)).as("a replica for an uncaptured commit").isFalse();
						ConsistencyToken written = session.latest().block(Duration.ofSeconds(10));
						await(() -> routing.wouldUseReplica(readContext), "the replica to replay " + written);
						replicaEligible++;
					}
					String read = client.sql("SELECT body FROM note WHERE id = :id")
						.bind("id", Objects.requireNonNull(id))
						.map(row -> row.get(0, String.class))
						.one()
						.contextWrite(ReplicaReads.allow())
						.contextWrite(session.bind())
						.block(Duration.ofSeconds(10));
					if (!body.equals(read)) {
						missed++;
					}
					// The token leaves the "request", as the demo's response header does.
					carried = session.latest().block(Duration.ofSeconds(10));
				}
				assertThat(missed).isZero();
				assertThat(replicaEligible).isEqualTo(20);
				// Without a session the same read may be stale: the replica is healthy but 200 ms behind.
				Long id = client.sql("INSERT INTO note (body) VALUES ('unseen') RETURNING id")
					.map(row -> row.get(0, Long.class))
					.one()
					.block(Duration.ofSeconds(10));
				assertThat(client.sql("SELECT body FROM note WHERE id = :id")
					.bind("id", Objects.requireNonNull(id))
					.map(row -> row.get(0, String.class))
					.one()
					.contextWrite(ReplicaReads.allow())
					.blockOptional(Duration.ofSeconds(10))).isEmpty();
			});
		}
		finally {
			servers.replayDelay(Duration.ZERO);
		}
	}

	@Test
	void aStoppedReplicaCostsNoFailedReadAndServesAgainOnceBack() {
		routed().run(context -> {
			ReadRoutingConnectionFactory routing = awaitHealthy(context);
			DatabaseClient client = DatabaseClient.create(context.getBean(ConnectionFactory.class));
			Mono<Boolean> standby = client.sql("SELECT pg_is_in_recovery()")
				.map(row -> row.get(0, Boolean.class))
				.one()
				.contextWrite(ReplicaReads.allow());
			assertThat(standby.block(Duration.ofSeconds(10))).isTrue();
			servers.stopReplica();
			try {
				for (int i = 0; i < 50; i++) {
					assertThat(standby.block(Duration.ofSeconds(10))).isFalse();
				}
				awaitStatus(routing, status -> !status.healthy());
				assertThat(routing.replicas().get(0).problem()).isNotNull();
			}
			finally {
				servers.startReplica();
			}
			awaitStatus(routing, ReplicaStatus::healthy);
			assertThat(standby.block(Duration.ofSeconds(10))).isTrue();
		});
	}

	@Test
	void aLaggingReplicaIsSkippedAndBackWhenCaughtUp() {
		routed("reactivedata.core.replicas-max-lag=1s").run(context -> {
			ReadRoutingConnectionFactory routing = awaitHealthy(context);
			DatabaseClient client = DatabaseClient.create(context.getBean(ConnectionFactory.class));
			Mono<Boolean> standby = client.sql("SELECT pg_is_in_recovery()")
				.map(row -> row.get(0, Boolean.class))
				.one()
				.contextWrite(ReplicaReads.allow());
			servers.replayDelay(Duration.ofSeconds(30));
			try {
				client.sql("INSERT INTO note (body) VALUES ('delayed')").then().block(Duration.ofSeconds(10));
				awaitStatus(routing, status -> !status.healthy() && status.lagBytes() > 0);
				assertThat(routing.replicas().get(0).lag()).isGreaterThan(Duration.ofSeconds(1));
				assertThat(standby.block(Duration.ofSeconds(10))).isFalse();
			}
			finally {
				servers.replayDelay(Duration.ZERO);
			}
			awaitStatus(routing, status -> status.healthy() && status.lagBytes() == 0);
			assertThat(standby.block(Duration.ofSeconds(10))).isTrue();
		});
	}

	private static ReadRoutingConnectionFactory awaitHealthy(AssertableApplicationContext context) {
		ReadRoutingConnectionFactory routing = ReadRoutingConnectionFactory
			.find(context.getBean(ConnectionFactory.class))
			.orElseThrow();
		awaitStatus(routing, ReplicaStatus::healthy);
		return routing;
	}

	private static void awaitStatus(ReadRoutingConnectionFactory routing,
			java.util.function.Predicate<ReplicaStatus> condition) {
		await(() -> condition.test(routing.replicas().get(0)), "replica status " + routing.replicas());
	}

	private static void await(BooleanSupplier condition, String what) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out waiting for " + what);
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

}
