package dev.reactivedata.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.reactivedata.bench.external.Pgbench;
import dev.reactivedata.bench.fixture.BenchArticleRepository;
import dev.reactivedata.bench.fixture.BenchFixture;
import dev.reactivedata.bench.fixture.data.ArticleDataRepository;
import dev.reactivedata.bench.fixture.data.DataRepositories;
import dev.reactivedata.bench.harness.ClosedLoop;
import dev.reactivedata.bench.harness.Measured;
import dev.reactivedata.bench.harness.Row;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Point read by id. Ours: {@code ReactiveDataRepository.findById} over our tenant-binding connection factory on
 * r2dbc-pool, with the query monitor's listener on (see {@link Monitored}). Baselines: a hand-written
 * {@link DatabaseClient} query on the same pool, a plain Spring Data repository on the same pool, and
 * {@code pgbench -S} at the same client count.
 */
final class PointReadScenario implements Scenario {

	static final String OURS = "ReactiveDataRepository findById, monitoring on";

	static final String SPRING_DATA = "plain Spring Data repository findById, same pool";

	static final String RAW = "DatabaseClient, same pool";

	static final String PGBENCH = "pgbench -S -M prepared";

	@Override
	public String id() {
		return "point-read";
	}

	@Override
	public List<Row> run(BenchContext context) {
		BenchFixture fixture = context.fixture();
		int clients = context.settings().concurrency();
		try (DataRepositories ours = DataRepositories.over(Monitored.wrap(fixture.connectionFactory()))) {
			return run(context, fixture, clients, ours.articles());
		}
	}

	private List<Row> run(BenchContext context, BenchFixture fixture, int clients, ArticleDataRepository repository) {
		BenchArticleRepository plain = BenchFixture.repository(fixture.connectionFactory(), BenchArticleRepository.class);
		DatabaseClient client = BenchFixture.databaseClient(fixture.connectionFactory());
		// Both sides must see the row through row-level security, or they would measure empty reads.
		Objects.requireNonNull(repository.findById(fixture.randomArticleId()).contextWrite(fixture.withTenant()).block(),
				"the repository does not see the loaded articles");
		Objects.requireNonNull(ArticleQueries.findById(client, fixture.randomArticleId()).contextWrite(fixture.withTenant())
			.block(), "DatabaseClient does not see the loaded articles");

		Pgbench pgbench = new Pgbench(fixture.servers().pgHost(), fixture.servers().pgPort(),
				fixture.servers().adminUser(), fixture.createScratchDatabase("pgbench"));
		pgbench.initialize(context.settings().quick() ? 1 : 10);

		Map<String, Measured> measured = context.trials(id())
			.load(OURS, "ops/s", duration -> ClosedLoop.run(clients, duration,
					() -> repository.findById(fixture.randomArticleId()).contextWrite(fixture.withTenant())))
			.load(SPRING_DATA, "ops/s", duration -> ClosedLoop.run(clients, duration,
					() -> plain.findById(fixture.randomArticleId()).contextWrite(fixture.withTenant())))
			.load(RAW, "ops/s", duration -> ClosedLoop.run(clients, duration,
					() -> ArticleQueries.findById(client, fixture.randomArticleId()).contextWrite(fixture.withTenant())))
			.load(PGBENCH, "ops/s", duration -> pgbench.selectOnly(clients, duration))
			.run();
		context.details().note("point read: ours runs with the QueryMonitor listener on; the baselines run without it. pgbench -S reads pgbench_accounts in its own database at the same client count.");
		List<Row> rows = new ArrayList<>();
		Scenarios.pair(rows, measured, "point read by id: repository vs raw DatabaseClient (same pool)", OURS, RAW);
		Scenarios.pair(rows, measured, "point read by id: repository vs plain Spring Data repository", OURS, SPRING_DATA);
		Scenarios.pair(rows, measured, "point read by id: repository vs pgbench -S (" + clients + " clients)", OURS, PGBENCH);
		return rows;
	}

}
