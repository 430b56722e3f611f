package dev.reactivedata.bench.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.reactivedata.bench.fixture.BenchFixture;
import dev.reactivedata.bench.fixture.data.ArticleDataRepository;
import dev.reactivedata.bench.fixture.data.DataRepositories;
import dev.reactivedata.bench.harness.ClosedLoop;
import dev.reactivedata.bench.harness.Measured;
import dev.reactivedata.bench.harness.Row;
import dev.reactivedata.core.query.DataQuery;

import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.Criteria;

/**
 * Keyset pagination does not slow down with depth: a window of 20 articles, newest first, read through
 * {@code ReactiveDataRepository.scroll} with the cursor of the window 10,000 windows deep (ours) against the first
 * window (baseline), on the same repository. The deep cursor comes from scrolling there once before the trials, in
 * windows of 1,000 (a window's cursor depends only on its last row, not on the window sizes before it). Target: the
 * ratio within ±20 % of 1.
 */
final class KeysetDepthScenario implements Scenario {

	static final String DEEP = "scroll, a window deep in the articles (up to 10,000 windows)";

	static final String FIRST = "scroll, the first window";

	private static final int SIZE = 20;

	private static final int DEPTH = 10_000;

	private static final int STRIDE = 1_000;

	@Override
	public String id() {
		return "keyset-depth";
	}

	@Override
	public List<Row> run(BenchContext context) {
		BenchFixture fixture = context.fixture();
		int clients = context.settings().concurrency();
		int depth = Math.min(DEPTH, context.settings().articleRows() / SIZE - 1);
		DataQuery newestFirst = DataQuery.where(Criteria.where("deletedAt").isNull())
			.sort(Sort.by(Sort.Order.desc("createdAt")));
		try (DataRepositories repositories = DataRepositories.over(fixture.connectionFactory())) {
			ArticleDataRepository articles = repositories.articles();
			String deep = cursorAfter(articles, fixture, newestFirst, depth * SIZE);
			Map<String, Measured> measured = context.trials(id())
				.load(DEEP, "windows/s", duration -> ClosedLoop.run(clients, duration,
						() -> articles.scroll(newestFirst, deep, SIZE).contextWrite(fixture.withTenant())))
				.load(FIRST, "windows/s", duration -> ClosedLoop.run(clients, duration,
						() -> articles.scroll(newestFirst, null, SIZE).contextWrite(fixture.withTenant())))
				.run();
			context.details().note("keyset depth: windows of " + SIZE + " articles, newest first (created_at, then "
					+ "id), through articles_tenant_created_idx; the deep side reads the window after " + depth
					+ " windows (" + (depth * SIZE) + " rows), the most the loaded articles allow up to " + DEPTH + ".");
			List<Row> rows = new ArrayList<>();
			Scenarios.pair(rows, measured, "keyset scroll: window " + String.format("%,d", depth)
					+ " deep vs the first (target within ±20 %)", DEEP, FIRST);
			return rows;
		}
	}

	/** Scrolls past {@code rows} rows in windows of {@link #STRIDE} and returns the cursor after the last. */
	private static String cursorAfter(ArticleDataRepository articles, BenchFixture fixture, DataQuery query, int rows) {
		String cursor = null;
		for (int skipped = 0; skipped < rows; skipped += STRIDE) {
			int size = Math.min(STRIDE, rows - skipped);
			cursor = Objects.requireNonNull(articles.scroll(query, cursor, size)
				.contextWrite(fixture.withTenant())
				.block(Duration.ofMinutes(1)), "no window").nextCursor();
			Objects.requireNonNull(cursor, () -> "fewer than " + rows + " articles to scroll past");
		}
		return cursor;
	}

}
