package dev.reactivedata.bench.scenario;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

import dev.reactivedata.bench.external.Psql;
import dev.reactivedata.bench.fixture.BenchFixture;
import dev.reactivedata.bench.fixture.Servers;
import dev.reactivedata.bench.harness.Measured;
import dev.reactivedata.bench.harness.Row;
import dev.reactivedata.bench.harness.Sample;
import dev.reactivedata.bench.harness.Settings;
import dev.reactivedata.bench.fixture.data.ArticleDataRepository;
import dev.reactivedata.bench.fixture.data.DataRepositories;
import dev.reactivedata.core.query.DataQuery;
import io.r2dbc.spi.RowMetadata;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * Export of the tenant's articles as CSV. Ours, twice: the repository's streaming export without entities
 * {@code ReactiveDataRepository.findAll(DataQuery, mapper)}, each row formatted straight into a CSV line, and
 * {@code ReactiveDataRepository.exportCsv(DataQuery)}, each line rendered by PostgreSQL; lines are discarded, and
 * the peak heap used is reported. Baseline: {@code psql \copy (SELECT …) TO '/dev/null'} as the same role, bound
 * to the same tenant, of the seven columns the row mapper reads, and of all twelve that exportCsv writes.
 */
final class ExportScenario implements Scenario {

	static final String OURS = "ReactiveDataRepository.findAll(DataQuery, row mapper) streaming";

	static final String LINES = "ReactiveDataRepository.exportCsv(DataQuery) streaming, lines rendered by PostgreSQL";

	static final String COPY = "psql \\copy TO csv";

	static final String COPY_ALL = "psql \\copy TO csv, all twelve columns of the entity";

	private static final String COLUMNS = "id, title, body, status, tags, metadata, created_at";

	private static final String ALL_COLUMNS = COLUMNS + ", version, updated_at, created_by, updated_by, deleted_at";

	@Override
	public String id() {
		return "export";
	}

	@Override
	public List<Row> run(BenchContext context) {
		BenchFixture fixture = context.fixture();
		int rows = context.settings().articleRows();
		try (DataRepositories repositories = DataRepositories.over(fixture.connectionFactory())) {
			return run(context, fixture, rows, repositories.articles());
		}
	}

	private List<Row> run(BenchContext context, BenchFixture fixture, int rows, ArticleDataRepository repository) {
		Psql psql = new Psql(fixture.servers().pgHost(), fixture.servers().pgPort(), fixture.servers().database());
		Map<String, Measured> measured = context.trials(id())
			.work(OURS, "rows/s", ignored -> streamed(repository.findAll(DataQuery.all(), ExportScenario::csvLine), fixture, rows))
			.work(LINES, "rows/s", ignored -> streamed(repository.exportCsv(DataQuery.all()).skip(1), fixture, rows))
			.work(COPY, "rows/s", ignored -> copied(psql, fixture, COLUMNS, rows))
			.work(COPY_ALL, "rows/s", ignored -> copied(psql, fixture, ALL_COLUMNS, rows))
			.run();
		long maxHeap = Runtime.getRuntime().maxMemory() / (1024 * 1024);
		Measured ours = measured.get(OURS);
		String heap = (ours == null) ? "" : String.format(Locale.ROOT, " Peak heap used while streaming %s rows: %.0f MiB "
				+ "(garbage included), of which retained in the old generation: %.0f MiB (the harness JVM may use %d MiB of heap).",
				Settings.count(rows), ours.extras().getOrDefault("peak heap MiB", Double.NaN),
				ours.extras().getOrDefault("peak old gen MiB", Double.NaN), maxHeap);
		context.details().note("export: each streamed row is formatted as a CSV line, without an entity, and discarded: "
				+ "by the row mapper reading the seven columns psql exports, or by PostgreSQL in the statement (exportCsv, "
				+ "all twelve columns of the entity, every value quoted)." + heap);
		List<Row> result = new ArrayList<>();
		Scenarios.pair(result, measured,
				"export " + Settings.count(rows) + " rows: repository streaming findAll vs psql \\copy TO", OURS,
				COPY);
		Scenarios.pair(result, measured,
				"export " + Settings.count(rows) + " rows: repository exportCsv vs psql \\copy TO", LINES, COPY);
		Scenarios.pair(result, measured, "export " + Settings.count(rows)
				+ " rows: repository exportCsv vs psql \\copy TO of the same twelve columns", LINES, COPY_ALL);
		return result;
	}

	/** {@code psql \copy} of the tenant's articles' {@code columns} to {@code /dev/null}, as the application role. */
	private static Sample copied(Psql psql, BenchFixture fixture, String columns, int rows) {
		long start = System.nanoTime();
		psql.run(Servers.APP_USER, fixture.servers().appPassword(),
				"SELECT set_config('app.tenant_id', '" + fixture.tenant() + "', false)",
				"\\copy (SELECT " + columns + " FROM articles) TO '/dev/null' WITH (FORMAT csv)");
		return Sample.of(rows / ((System.nanoTime() - start) / 1e9));
	}

	private static Sample streamed(Flux<String> lines, BenchFixture fixture, int expected) {
		System.gc();
		List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter(pool -> pool.getType() == MemoryType.HEAP)
			.toList();
		heap.forEach(MemoryPoolMXBean::resetPeakUsage);
		LongAdder bytes = new LongAdder();
		long start = System.nanoTime();
		Long count = lines.doOnNext(line -> bytes.add(line.length()))
			.count()
			.contextWrite(fixture.withTenant())
			.block(Duration.ofMinutes(30));
		double seconds = (System.nanoTime() - start) / 1e9;
		long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
		// Peak used includes garbage awaiting a young collection; the old generation's peak shows what was retained.
		long oldPeak = heap.stream()
			.filter(pool -> pool.getName().contains("Old") || pool.getName().contains("Tenured"))
			.mapToLong(pool -> pool.getPeakUsage().getUsed())
			.sum();
		if (count == null || count != expected) {
			throw new IllegalStateException("expected " + expected + " rows, streamed " + count);
		}
		return Sample.of(expected / seconds)
			.with("peak heap MiB", peak / (1024.0 * 1024.0))
			.with("peak old gen MiB", oldPeak / (1024.0 * 1024.0))
			.with("CSV MiB", bytes.sum() / (1024.0 * 1024.0));
	}

	/** Formats one row as a CSV line of the exported columns, straight from the row. */
	private static String csvLine(io.r2dbc.spi.Row row, RowMetadata metadata) {
		StringBuilder line = new StringBuilder(320);
		line.append(row.get("id", UUID.class)).append(',');
		quote(line, row.get("title", String.class)).append(',');
		quote(line, row.get("body", String.class)).append(',');
		line.append(row.get("status", String.class)).append(",\"{");
		String[] tags = Objects.requireNonNull(row.get("tags", String[].class));
		for (int i = 0; i < tags.length; i++) {
			line.append((i > 0) ? "," : "").append(tags[i]);
		}
		line.append("}\",");
		quote(line, row.get("metadata", String.class)).append(',');
		return line.append(row.get("created_at", Instant.class)).append('\n').toString();
	}

	private static StringBuilder quote(StringBuilder line, @Nullable String value) {
		line.append('"');
		if (value != null) {
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				line.append(c);
				if (c == '"') {
					line.append('"');
				}
			}
		}
		return line.append('"');
	}

}
