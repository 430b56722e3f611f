package dev.reactivedata.bench.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.reactivedata.bench.fixture.BenchFixture;
import dev.reactivedata.bench.fixture.ReplicatedPostgres;
import dev.reactivedata.bench.fixture.data.ArticleDataRepository;
import dev.reactivedata.bench.fixture.data.DataRepositories;
import dev.reactivedata.bench.harness.ClosedLoop;
import dev.reactivedata.bench.harness.Measured;
import dev.reactivedata.bench.harness.Row;
import dev.reactivedata.core.routing.ConsistencySession;
import dev.reactivedata.core.routing.ReadRoutingConnectionFactory;
import dev.reactivedata.core.routing.ReadRoutingOptions;
import dev.reactivedata.core.pool.GuardedConnectionPool;
import dev.reactivedata.core.tenant.TenantBindingConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Reads on a real streaming replica. The scenario starts a PostgreSQL primary and a streaming replica of its own
 * ({@link ReplicatedPostgres}: initdb, pg_basebackup -R, under the run's directory) and copies the benchmark
 * database into the primary; both servers share the machine's cores with the harness, so the rows show what
 * routing and the read-your-writes check cost, not what a second machine adds.
 * <ul>
 * <li>Point reads: our repository's {@code findById} over the routing factory (served by the replica) against
 * the same repository over the primary's pool without routing.</li>
 * <li>Read-your-writes: a loop of one {@code UPDATE} then a {@code findById} of the same row, both over the routing
 * factory, each pair in a fresh {@link ConsistencySession} (the commit marks the session, whose reads then go to
 * the primary until its position is captured; the loop never hands the token out, so none is read) against the
 * same loop without a session (the read goes to the replica, possibly stale); once with the {@code UPDATE} in
 * auto-commit mode, once in a transaction, as the demo writes.</li>
 * </ul>
 */
final class ReplicaReadScenario implements Scenario {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

	static final String ROUTED = "repository findById routed to the streaming replica";

	static final String PRIMARY = "repository findById on the primary, no routing";

	static final String SESSION = "update then findById, with a consistency session";

	static final String NO_SESSION = "update then findById, no session";

	static final String TX_SESSION = "update in a transaction then findById, with a consistency session";

	static final String TX_NO_SESSION = "update in a transaction then findById, no session";

	@Override
	public String id() {
		return "replica-read";
	}

	@Override
	public List<Row> run(BenchContext context) {
		BenchFixture fixture = context.fixture();
		String database = fixture.servers().database();
		try (ReplicatedPostgres servers = ReplicatedPostgres.start(fixture.directory().resolve("replica-read"))) {
			servers.copyFrom(fixture.servers(), database, "bench_bulk");
			GuardedConnectionPool primary = fixture.poolTo("bench-primary", "127.0.0.1", servers.primaryPort());
			try {
				GuardedConnectionPool replica = fixture.poolTo("bench-replica", "127.0.0.1", servers.replicaPort());
				try {
					long servedBefore = servers.replicaTransactions(database);
					List<Row> rows = measure(context, primary, replica);
					context.details().note("replica read: the replica committed "
							+ String.format("%,d", servers.replicaTransactions(database) - servedBefore)
							+ " transactions (reads) during the trials.");
					return rows;
				}
				finally {
					replica.close().block(Duration.ofSeconds(30));
				}
			}
			finally {
				primary.close().block(Duration.ofSeconds(30));
			}
		}
	}

	private List<Row> measure(BenchContext context, GuardedConnectionPool primary, GuardedConnectionPool replica) {
		BenchFixture fixture = context.fixture();
		int clients = context.settings().concurrency();
		ReadRoutingConnectionFactory routing = ReadRoutingConnectionFactory.create(primary, Map.of("replica", replica),
				ReadRoutingOptions.builder().pollInterval(POLL_INTERVAL).build());
		routing.start();
		ConnectionFactory routed = new TenantBindingConnectionFactory(routing);
		try (DataRepositories onRouting = DataRepositories.over(routed);
				DataRepositories onPrimary = DataRepositories.over(new TenantBindingConnectionFactory(primary))) {
			routing.poll().block(Duration.ofSeconds(10));
			if (!routing.replicas().get(0).healthy()) {
				throw new IllegalStateException("the replica does not serve reads: " + routing.replicas().get(0));
			}
			ArticleDataRepository viaRouting = onRouting.articles();
			ArticleDataRepository viaPrimary = onPrimary.articles();
			DatabaseClient client = BenchFixture.databaseClient(routed);
			TransactionalOperator transaction = TransactionalOperator.create(new R2dbcTransactionManager(routed));
			Map<String, Measured> measured = context.trials(id())
				.load(ROUTED, "ops/s", duration -> ClosedLoop.run(clients, duration,
						() -> viaRouting.findById(fixture.randomArticleId()).contextWrite(fixture.withTenant())))
				.load(PRIMARY, "ops/s", duration -> ClosedLoop.run(clients, duration,
						() -> viaPrimary.findById(fixture.randomArticleId()).contextWrite(fixture.withTenant())))
				.load(SESSION, "ops/s", duration -> ClosedLoop.run(clients, duration, () -> {
					ConsistencySession session = ConsistencySession.start();
					return writeThenRead(client, viaRouting, fixture.randomArticleId()).contextWrite(session.bind())
						.contextWrite(fixture.withTenant());
				}))
				.load(NO_SESSION, "ops/s", duration -> ClosedLoop.run(clients, duration,
						() -> writeThenRead(client, viaRouting, fixture.randomArticleId())
							.contextWrite(fixture.withTenant())))
				.load(TX_SESSION, "ops/s", duration -> ClosedLoop.run(clients, duration, () -> {
					ConsistencySession session = ConsistencySession.start();
					return writeInTransactionThenRead(client, transaction, viaRouting, fixture.randomArticleId())
						.contextWrite(session.bind())
						.contextWrite(fixture.withTenant());
				}))
				.load(TX_NO_SESSION, "ops/s", duration -> ClosedLoop.run(clients, duration,
						() -> writeInTransactionThenRead(client, transaction, viaRouting, fixture.randomArticleId())
							.contextWrite(fixture.withTenant())))
				.run();
			context.details().note("replica read: a streaming replica (pg_basebackup -R) of a primary the scenario "
					+ "starts, both on this machine (polled every " + POLL_INTERVAL.toMillis() + " ms); with a session, "
					+ "the read after a write goes to the primary until the write's WAL position is captured, which "
					+ "these loops never ask for; without one, the read goes to the replica.");
			List<Row> rows = new ArrayList<>();
			Scenarios.pair(rows, measured, "point read by id: routed to a replica vs on the primary", ROUTED, PRIMARY);
			Scenarios.pair(rows, measured, "write then read: read-your-writes session vs none", SESSION, NO_SESSION);
			Scenarios.pair(rows, measured, "write in a transaction then read: read-your-writes session vs none",
					TX_SESSION, TX_NO_SESSION);
			return rows;
		}
		finally {
			routing.stop();
		}
	}

	private static Mono<?> writeThenRead(DatabaseClient client, ArticleDataRepository repository, UUID id) {
		return update(client, id).then(repository.findById(id));
	}

	private static Mono<?> writeInTransactionThenRead(DatabaseClient client, TransactionalOperator transaction,
			ArticleDataRepository repository, UUID id) {
		return transaction.transactional(update(client, id)).then(repository.findById(id));
	}

	private static Mono<Long> update(DatabaseClient client, UUID id) {
		return client.sql("UPDATE articles SET updated_at = now() WHERE id = :id").bind("id", id).fetch().rowsUpdated();
	}

}
