package dev.reactivedata.monitoring.autoconfigure;

import java.time.Duration;
import java.util.function.UnaryOperator;

import dev.reactivedata.monitoring.pool.AcquisitionTimingConnectionFactory;
import dev.reactivedata.monitoring.pool.PoolMetrics;
import dev.reactivedata.monitoring.query.LatencyWindow;
import io.micrometer.core.instrument.Clock;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Wraps a {@link ConnectionFactory} in an {@link AcquisitionTimingConnectionFactory}: with the core module, as the
 * outermost layer of its wrapper chain, so the tenant binding's statement counts as part of the acquisition; without
 * it, as the only layer.
 */
final class AcquisitionObservation implements UnaryOperator<ConnectionFactory> {

	private final Duration window;

	private final ObjectProvider<PoolMetrics> metrics;

	AcquisitionObservation(Duration window, ObjectProvider<PoolMetrics> metrics) {
		this.window = window;
		this.metrics = metrics;
	}

	@Override
	public ConnectionFactory apply(ConnectionFactory factory) {
		if (factory instanceof AcquisitionTimingConnectionFactory) {
			return factory;
		}
		return new AcquisitionTimingConnectionFactory(factory, new LatencyWindow(this.window, Clock.SYSTEM),
				this.metrics.getIfAvailable());
	}

}
