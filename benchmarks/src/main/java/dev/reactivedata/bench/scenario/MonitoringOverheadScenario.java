package dev.reactivedata.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.reactivedata.bench.fixture.BenchFixture;
import dev.reactivedata.bench.fixture.data.ArticleDataRepository;
import dev.reactivedata.bench.fixture.data.DataRepositories;
import dev.reactivedata.bench.harness.ClosedLoop;
import dev.reactivedata.bench.harness.Measured;
import dev.reactivedata.bench.harness.Row;
import dev.reactivedata.monitoring.query.QueryMonitor;

/**
 * Monitoring overhead on the point read. "Listener on": our repository over a pool whose driver connection
 * factory is wrapped by r2dbc-proxy with the real {@link QueryMonitor} (see {@link Monitored}), which is where
 * Spring Boot's {@code ProxyConnectionFactoryCustomizer} puts it: inside the pool, so connections are proxied
 * once when created, not on every acquire. Baseline: the same repository over a pool of the same configuration
 * without the proxy.
 */
final class MonitoringOverheadScenario implements Scenario {

	static final String ON = "repository findById, QueryMonitor listener on r2dbc-proxy";

	static final String OFF = "repository findById, no listener";

	@Override
	public String id() {
		return "monitoring-overhead";
	}

	@Override
	public List<Row> run(BenchContext context) {
		BenchFixture fixture = context.fixture();
		int clients = context.settings().concurrency();
		try (DataRepositories observed = DataRepositories.over(fixture.decoratedPool(Monitored::wrap));
				DataRepositories plain = DataRepositories.over(fixture.decoratedPool(Function.identity()))) {
			ArticleDataRepository on = observed.articles();
			ArticleDataRepository off = plain.articles();
			Map<String, Measured> measured = context.trials(id())
				.load(ON, "ops/s", duration -> ClosedLoop.run(clients, duration,
						() -> on.findById(fixture.randomArticleId()).contextWrite(fixture.withTenant())))
				.load(OFF, "ops/s", duration -> ClosedLoop.run(clients, duration,
						() -> off.findById(fixture.randomArticleId()).contextWrite(fixture.withTenant())))
				.run();
			context.details().note("monitoring overhead: QueryMonitor with default options, metrics bound to a "
					+ "SimpleMeterRegistry; a ratio near 1 means the listener costs nothing measurable.");
			List<Row> rows = new ArrayList<>();
			Scenarios.pair(rows, measured, "monitoring overhead: QueryMonitor listener on vs off", ON, OFF);
			return rows;
		}
	}

}
