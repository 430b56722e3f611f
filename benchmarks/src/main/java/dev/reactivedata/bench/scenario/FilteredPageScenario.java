package dev.reactivedata.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.reactivedata.bench.fixture.BenchArticle;
import dev.reactivedata.bench.fixture.BenchFixture;
import dev.reactivedata.bench.fixture.data.ArticleDataRepository;
import dev.reactivedata.bench.fixture.data.DataRepositories;
import dev.reactivedata.bench.harness.ClosedLoop;
import dev.reactivedata.bench.harness.Measured;
import dev.reactivedata.bench.harness.Row;
import dev.reactivedata.core.query.DataQuery;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;

/**
 * Filtered page with its total: one of the first ten pages of 20 published articles, newest first, plus the
 * count of all published articles. Ours: {@code ReactiveDataRepository.findPage} (content and count concurrently).
 * Baseline: what a derived query plus a separate count does, sequentially, on {@link R2dbcEntityTemplate}.
 */
final class FilteredPageScenario implements Scenario {

	static final String OURS = "ReactiveDataRepository.findPage";

	static final String SEQUENTIAL = "content then count, sequential (R2dbcEntityTemplate)";

	private static final int SIZE = 20;

	@Override
	public String id() {
		return "filtered-page";
	}

	@Override
	public List<Row> run(BenchContext context) {
		BenchFixture fixture = context.fixture();
		R2dbcEntityTemplate template = BenchFixture.template(fixture.connectionFactory());
		Criteria published = Criteria.where("status").is("PUBLISHED").and("deletedAt").isNull();
		Sort newest = Sort.by(Sort.Order.desc("createdAt"));
		Query filter = Query.query(published).sort(newest);
		DataQuery query = DataQuery.where(published).sort(newest);
		int clients = context.settings().concurrency();
		try (DataRepositories repositories = DataRepositories.over(fixture.connectionFactory())) {
			ArticleDataRepository repository = repositories.articles();
			Map<String, Measured> measured = context.trials(id())
				.load(OURS, "pages/s", duration -> ClosedLoop.run(clients, duration,
						() -> repository.findPage(query, randomPage()).contextWrite(fixture.withTenant())))
				.load(SEQUENTIAL, "pages/s", duration -> ClosedLoop.run(clients, duration, () -> {
					Pageable page = randomPage();
					return content(template, filter, page)
						.flatMap(items -> template.count(filter, BenchArticle.class).map(total -> page(items, page, total)))
						.contextWrite(fixture.withTenant());
				}))
				.run();
			context.details().note("filtered page + total: findPage adds the id as a tie-break to the sort (stable "
					+ "pages); the baseline sorts by created_at only.");
			List<Row> rows = new ArrayList<>();
			Scenarios.pair(rows, measured, "filtered page + total: findPage vs content + count, sequential", OURS,
					SEQUENTIAL);
			return rows;
		}
	}

	private static Mono<List<BenchArticle>> content(R2dbcEntityTemplate template, Query filter, Pageable page) {
		return template.select(filter.with(page), BenchArticle.class).collectList();
	}

	private static Page<BenchArticle> page(List<BenchArticle> items, Pageable page, long total) {
		return new PageImpl<>(items, page, total);
	}

	private static Pageable randomPage() {
		return PageRequest.of(ThreadLocalRandom.current().nextInt(10), SIZE);
	}

}
