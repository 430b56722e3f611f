package dev.reactivedata.bench.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.reactivedata.bench.external.Psql;
import dev.reactivedata.bench.fixture.BenchFixture;
import dev.reactivedata.bench.fixture.BulkArticleRepository;
import dev.reactivedata.bench.fixture.data.DataRepositories;
import dev.reactivedata.bench.fixture.data.BulkDataRepository;
import dev.reactivedata.bench.harness.Measured;
import dev.reactivedata.bench.harness.Row;
import dev.reactivedata.bench.harness.Sample;
import dev.reactivedata.bench.harness.Settings;
import reactor.core.publisher.Flux;

import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Bulk insert into {@code bench_bulk} (a copy of {@code articles} with the same defaults, checks, primary key and
 * row-level security, without the generated search column and secondary indexes: text indexing costs every way of
 * inserting alike and would drown the differences between them). Ours: {@code ReactiveDataRepository.insertAll}
 * over the tenant-binding pool, outside a transaction (two chunk statements at once). Baselines: Spring Data
 * {@code saveAll} (row by row; its rate is measured on fewer rows and extrapolated) and {@code psql \copy} of the
 * same rows (as the superuser: PostgreSQL refuses COPY FROM under row-level security).
 */
final class BulkInsertScenario implements Scenario {

	static final String OURS = "ReactiveDataRepository.insertAll";

	static final String OURS_IN_TRANSACTION = "ReactiveDataRepository.insertAll in one transaction (one connection)";

	static final String SAVE_ALL = "Spring Data saveAll, row by row";

	static final String COPY = "psql \\copy FROM csv";

	@Override
	public String id() {
		return "bulk-insert";
	}

	@Override
	public List<Row> run(BenchContext context) throws Exception {
		BenchFixture fixture = context.fixture();
		Settings settings = context.settings();
		int rows = settings.bulkRows();
		DataRepositories repositories = DataRepositories.over(fixture.connectionFactory());
		BulkDataRepository ours = repositories.bulk();
		BulkArticleRepository repository = BenchFixture.repository(fixture.connectionFactory(), BulkArticleRepository.class);
		Psql psql = new Psql(fixture.servers().pgHost(), fixture.servers().pgPort(), fixture.servers().database());
		TransactionalOperator transaction = TransactionalOperator
			.create(new R2dbcTransactionManager(fixture.connectionFactory()));
		Path csv = BulkRows.csv(rows, fixture.tenant());
		try {
			Map<String, Measured> measured = context.trials(id())
				.work(OURS, "rows/s", ignored -> timed(fixture, rows, () -> ours.insertAll(Flux.range(0, rows).map(BulkRows::entity))
					.contextWrite(fixture.withTenant())
					.then()
					.block(Duration.ofMinutes(30))))
				.work(OURS_IN_TRANSACTION, "rows/s", ignored -> timed(fixture, rows,
						() -> ours.insertAll(Flux.range(0, rows).map(BulkRows::entity))
							.as(transaction::transactional)
							.contextWrite(fixture.withTenant())
							.then()
							.block(Duration.ofMinutes(30))))
				.work(SAVE_ALL, "rows/s", ignored -> timed(fixture, settings.saveAllRows(),
						() -> repository.saveAll(Flux.range(0, settings.saveAllRows()).map(BulkRows::entity))
							.contextWrite(fixture.withTenant())
							.then()
							.block(Duration.ofMinutes(30))))
				.work(COPY, "rows/s", ignored -> timed(fixture, rows, () -> psql.run(fixture.servers().adminUser(),
						fixture.servers().adminPassword(), "\\copy bench_bulk (tenant_id, title, body, status, tags, metadata) FROM '"
								+ csv + "' WITH (FORMAT csv)")))
				.run();
			context.details().note("bulk insert: into a copy of articles without its generated search column and "
					+ "secondary indexes; insertAll runs outside a transaction, so two of its chunk statements (2000 rows "
					+ "each) run at once on two pool connections; saveAll's rate comes from " + Settings.count(settings.saveAllRows()) + " rows; psql \\copy runs as the superuser "
					+ "because PostgreSQL refuses COPY FROM under row-level security.");
			List<Row> result = new ArrayList<>();
			String label = "bulk insert " + Settings.count(rows) + " rows: insertAll";
			Scenarios.pair(result, measured,
					label + " vs saveAll row by row (from " + Settings.count(settings.saveAllRows()) + " rows)", OURS,
					SAVE_ALL);
			Scenarios.pair(result, measured, label + " vs psql \\copy", OURS, COPY);
			Scenarios.pair(result, measured, label + " in one transaction (one connection) vs psql \\copy",
					OURS_IN_TRANSACTION, COPY);
			return result;
		}
		finally {
			repositories.close();
			Files.deleteIfExists(csv);
			fixture.admin(fixture.servers().database(), "TRUNCATE bench_bulk");
		}
	}

	/** Empties the table, runs the work, checks that it wrote {@code rows} rows, and returns rows per second. */
	private static Sample timed(BenchFixture fixture, int rows, Runnable work) {
		fixture.admin(fixture.servers().database(), "TRUNCATE bench_bulk");
		long start = System.nanoTime();
		work.run();
		double seconds = (System.nanoTime() - start) / 1e9;
		long written = fixture.adminCount("SELECT count(*) FROM bench_bulk");
		if (written != rows) {
			throw new IllegalStateException("expected " + rows + " rows in bench_bulk, found " + written);
		}
		return Sample.of(rows / seconds).with("seconds", seconds);
	}

}
