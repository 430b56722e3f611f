package dev.reactivedata.monitoring.stream;

import java.util.Objects;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * A {@value Names#CIRCUIT_OPEN} gauge read from a {@link CacheStatisticsSource} (in memory), so that the
 * Prometheus rule on the circuit does not depend on how the cache module names its own meters.
 */
public final class CacheStatisticsMetrics implements MeterBinder {

	/**
	 * Meter names.
	 */
	public static final class Names {

		/** 1 while the cache circuit breaker is open, 0 otherwise, NaN when unknown. */
		public static final String CIRCUIT_OPEN = "reactivedata.cache.circuit.open";

		private Names() {
		}

	}

	private final CacheStatisticsSource source;

	/**
	 * Creates the binder.
	 * @param source the cache counters
	 */
	public CacheStatisticsMetrics(CacheStatisticsSource source) {
		this.source = Objects.requireNonNull(source, "source must not be null");
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(Names.CIRCUIT_OPEN, this.source, source -> switch (source.read().circuit()) {
			case OPEN -> 1.0;
			case CLOSED, HALF_OPEN -> 0.0;
			case UNKNOWN -> Double.NaN;
		}).description("1 while the cache circuit breaker is open").register(registry);
	}

}
