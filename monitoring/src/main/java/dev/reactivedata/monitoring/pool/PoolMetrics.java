package dev.reactivedata.monitoring.pool;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * Micrometer meters of the connection pool: gauges of acquired, idle, pending and maximum connections (read
 * from the pool's in-memory counters) and a {@value Names#ACQUIRE} timer with a percentile histogram, fed by
 * an {@link AcquisitionTimingConnectionFactory}.
 */
public final class PoolMetrics implements MeterBinder {

	/**
	 * Meter names.
	 */
	public static final class Names {

		/** Connections handed out and not yet released. */
		public static final String ACQUIRED = "db.pool.acquired";

		/** Idle connections. */
		public static final String IDLE = "db.pool.idle";

		/** Callers waiting for a connection. */
		public static final String PENDING = "db.pool.pending";

		/** Maximum pool size. */
		public static final String MAX = "db.pool.max";

		/** Connection acquisition latency. */
		public static final String ACQUIRE = "db.pool.acquire";

		private Names() {
		}

	}

	private final CompositeMeterRegistry registry = new CompositeMeterRegistry();

	private final Timer acquire;

	private volatile PoolStatistics statistics;

	/**
	 * Creates the meters; gauges appear once {@link #observe(PoolStatistics)} found the pool.
	 */
	public PoolMetrics() {
		this.acquire = Timer.builder(Names.ACQUIRE)
			.description("Time from asking for a connection until one is handed out")
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(30))
			.register(this.registry);
	}

	/**
	 * Sets the pool whose counters the gauges read.
	 * @param statistics the pool's statistics
	 */
	public void observe(PoolStatistics statistics) {
		this.statistics = Objects.requireNonNull(statistics, "statistics must not be null");
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		gauge(registry, Names.ACQUIRED, "Connections handed out and not yet released", PoolSnapshot::acquired);
		gauge(registry, Names.IDLE, "Idle connections in the pool", PoolSnapshot::idle);
		gauge(registry, Names.PENDING, "Callers waiting for a connection", PoolSnapshot::pending);
		gauge(registry, Names.MAX, "Maximum size of the pool", PoolSnapshot::max);
		this.registry.add(registry);
	}

	private void gauge(MeterRegistry registry, String name, String description,
			ToDoubleFunction<PoolSnapshot> value) {
		Gauge.builder(name, this, metrics -> metrics.read(value))
			.description(description)
			.baseUnit("connections")
			.register(registry);
	}

	private double read(ToDoubleFunction<PoolSnapshot> value) {
		PoolStatistics current = this.statistics;
		return (current != null) ? value.applyAsDouble(current.snapshot()) : Double.NaN;
	}

	void acquired(long nanos) {
		this.acquire.record(nanos, TimeUnit.NANOSECONDS);
	}

}
