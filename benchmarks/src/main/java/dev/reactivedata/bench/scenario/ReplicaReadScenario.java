package dev.reactivedata.bench.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import dev.reactivedata.bench.fixture.BenchFixture;
import dev.reactivedata.bench.fixture.data.ArticleDataRepository;
import dev.reactivedata.bench.fixture.data.DataRepositories;
import dev.reactivedata.bench.harness.ClosedLoop;
import dev.reactivedata.bench.harness.Measured;
import dev.reactivedata.bench.harness.Row;
import dev.reactivedata.core.routing.ConsistencySession;
import dev.reactivedata.core.routing.ReadRoutingConnectionFactory;
import dev.reactivedata.core.routing.ReadRoutingOptions;
import dev.reactivedata.core.tenant.TenantBindingConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Read routing overhead. The "replica" is a second pool to the same PostgreSQL (the benchmark has one server and
 * two cores), so this measures what routing costs, not what a replica machine adds: the routing decision in the
 * Reactor Context, the least-busy choice and the replica's own pool.
 * <ul>
 * <li>Point reads: our repository's {@code findById} over the routing factory (served by the "replica") against
 * the same repository over the primary's pool without routing.</li>
 * <li>Read-your-writes: a loop of one {@code UPDATE} then a {@code findById} of the same row, both over the routing
 * factory, each pair in a fresh {@link ConsistencySession} (the commit's WAL position is read on the same
 * connection, and the read goes to a replica only once it has replayed it) against the same loop without a
 * session.</li>
 * </ul>
 */
final class ReplicaReadScenario implements Scenario {

	static final String ROUTED = "repository findById routed to the replica pool";

	static final String PRIMARY = "repository findById on the primary pool, no routing";

	static final String SESSION = "update then findById, with a consistency session";

	static final String NO_SESSION = "update then findById, no session";

	@Override
	public String id() {
		return "replica-read";
	}

	@Override
	public List<Row> run(BenchContext context) {
		BenchFixture fixture = context.fixture();
		int clients = context.settings().concurrency();
		ConnectionFactory replicaPool = ((TenantBindingConnectionFactory) fixture.decoratedPool(Function.identity()))
			.unwrap();
		ReadRoutingConnectionFactory routing = ReadRoutingConnectionFactory.create(fixture.pool(),
				Map.of("replica", replicaPool), ReadRoutingOptions.builder().pollInterval(Duration.ofMillis(200)).build());
		routing.start();
		ConnectionFactory routed = new TenantBindingConnectionFactory(routing);
		try (DataRepositories onRouting = DataRepositories.over(routed);
				DataRepositories onPrimary = DataRepositories.over(fixture.connectionFactory())) {
			routing.poll().block(Duration.ofSeconds(10));
			ArticleDataRepository viaRouting = onRouting.articles();
			ArticleDataRepository viaPrimary = onPrimary.articles();
			DatabaseClient client = BenchFixture.databaseClient(routed);
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
				.run();
			context.details().note("replica read: the replica is a second pool to the same server, so the rows show "
					+ "the routing's cost; with a session, each write adds a round trip that reads its WAL position "
					+ "and the read goes to the primary until the 200 ms poll has seen the replica replay it.");
			List<Row> rows = new ArrayList<>();
			Scenarios.pair(rows, measured, "point read by id: routed to a replica vs on the primary", ROUTED, PRIMARY);
			Scenarios.pair(rows, measured, "write then read: read-your-writes session vs none", SESSION, NO_SESSION);
			return rows;
		}
		finally {
			routing.stop();
		}
	}

	private static Mono<?> writeThenRead(DatabaseClient client, ArticleDataRepository repository, UUID id) {
		return client.sql("UPDATE articles SET updated_at = now() WHERE id = :id")
			.bind("id", id)
			.fetch()
			.rowsUpdated()
			.then(repository.findById(id));
	}

}
