package dev.reactivedata.bench.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import dev.reactivedata.bench.fixture.BenchFixture;
import dev.reactivedata.bench.harness.Measured;
import dev.reactivedata.bench.harness.ProcessCpu;
import dev.reactivedata.bench.harness.Row;
import dev.reactivedata.bench.harness.Sample;
import dev.reactivedata.bench.harness.Side;
import dev.reactivedata.monitoring.pool.PoolStatistics;
import dev.reactivedata.monitoring.alert.AlertEvaluator;
import dev.reactivedata.monitoring.alert.AlertThresholds;
import dev.reactivedata.monitoring.query.QueryMonitor;
import dev.reactivedata.monitoring.query.QueryMonitorOptions;
import dev.reactivedata.monitoring.stream.CacheStatisticsSource;
import dev.reactivedata.monitoring.stream.MetricsStream;
import reactor.core.Disposable;

/**
 * SSE fan-out: the process CPU that {@link MetricsStream} costs per tick with 1,000 subscribers against 1
 * subscriber. Reported as ticks per CPU second (higher is better), so the ratio is (CPU per tick with 1) ÷ (CPU
 * per tick with 1,000): near 1 means a snapshot is computed once and shared. Process CPU time ({@link ProcessCpu})
 * includes the harness's idle background threads, the same on both sides.
 */
final class SseFanOutScenario implements Scenario {

	static final String UNIT = "ticks/CPU-s";

	@Override
	public String id() {
		return "sse-fan-out";
	}

	@Override
	public List<Row> run(BenchContext context) {
		BenchFixture fixture = context.fixture();
		MetricsStream stream = new MetricsStream(PoolStatistics.of(fixture.pool())
			.orElseThrow(() -> new IllegalStateException("the bench pool has no metrics")),
				QueryMonitor.create(QueryMonitorOptions.defaults()).statistics(), CacheStatisticsSource.NONE,
				new AlertEvaluator(AlertThresholds.defaults()));
		Duration interval = context.settings().sseInterval();
		int many = context.settings().sseSubscribers();
		String fanOut = String.format("%,d subscribers", many);
		Map<String, Measured> measured = context.trials(id())
			.load(fanOut, UNIT, subscribers(stream, interval, many))
			.load("1 subscriber", UNIT, subscribers(stream, interval, 1))
			.run();
		context.details().note("SSE fan-out: MetricsStream ticking every " + interval.toMillis() + " ms; each subscriber "
				+ "reads the snapshot and counts it (no network). Process CPU time summed over all threads from /proc/self/task/*/schedstat.");
		List<Row> rows = new ArrayList<>();
		Scenarios.pair(rows, measured, "SSE fan-out: " + fanOut + " vs 1 on MetricsStream (CPU per tick, inverted)",
				fanOut, "1 subscriber");
		return rows;
	}

	private static Side subscribers(MetricsStream stream, Duration interval, int count) {
		return duration -> {
			LongAdder delivered = new LongAdder();
			LongAdder ticks = new LongAdder();
			LongAdder acquired = new LongAdder();
			List<Disposable> subscriptions = new ArrayList<>(count);
			try {
				for (int i = 0; i < count; i++) {
					boolean counter = (i == 0);
					subscriptions.add(stream.snapshots(interval).subscribe(snapshot -> {
						acquired.add(snapshot.pool().acquired());
						delivered.increment();
						if (counter) {
							ticks.increment();
						}
					}));
				}
				pause(interval.multipliedBy(3));
				long ticksBefore = ticks.sum();
				long deliveredBefore = delivered.sum();
				long cpuBefore = ProcessCpu.nanos();
				pause(duration);
				double cpuSeconds = (ProcessCpu.nanos() - cpuBefore) / 1e9;
				long tickCount = ticks.sum() - ticksBefore;
				if (tickCount == 0 || cpuSeconds <= 0) {
					throw new IllegalStateException("no ticks or no CPU time measured");
				}
				return Sample.of(tickCount / cpuSeconds)
					.with("CPU µs per tick", cpuSeconds * 1e6 / tickCount)
					.with("deliveries per tick", (double) (delivered.sum() - deliveredBefore) / tickCount);
			}
			finally {
				subscriptions.forEach(Disposable::dispose);
			}
		};
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}
