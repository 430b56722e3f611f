package dev.reactivedata.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.reactivedata.bench.fixture.BenchFixture;
import dev.reactivedata.bench.fixture.data.ArticleDataRepository;
import dev.reactivedata.bench.fixture.data.DataRepositories;
import dev.reactivedata.bench.harness.ClosedLoop;
import dev.reactivedata.bench.harness.CpuPerOperation;
import dev.reactivedata.bench.harness.Measured;
import dev.reactivedata.bench.harness.Row;
import dev.reactivedata.bench.harness.ServerCpu;
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
			ServerCpu server = fixture.serverCpu();
			Map<String, Measured> measured = context.trials(id())
				.load(ON, "ops/s", CpuPerOperation.of(duration -> ClosedLoop.run(clients, duration,
						() -> on.findById(fixture.randomArticleId()).contextWrite(fixture.withTenant())), server))
				.load(OFF, "ops/s", CpuPerOperation.of(duration -> ClosedLoop.run(clients, duration,
						() -> off.findById(fixture.randomArticleId()).contextWrite(fixture.withTenant())), server))
				.run();
			context.details().note("monitoring overhead: QueryMonitor with default options, metrics bound to a "
					+ "SimpleMeterRegistry; a ratio near 1 means the listener costs nothing measurable. Each side's "
					+ "extras give the CPU time per read of this JVM (its threads but the JIT compilers) and of the "
					+ "PostgreSQL server: the listener's own cost is the client's difference, which moves less than the "
					+ "reads per second on a loaded machine.");
			List<Row> rows = new ArrayList<>();
			Scenarios.pair(rows, measured, "monitoring overhead: QueryMonitor listener on vs off", ON, OFF);
			return rows;
		}
	}

}
