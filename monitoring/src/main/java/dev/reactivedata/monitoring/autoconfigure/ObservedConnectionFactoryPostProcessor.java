package dev.reactivedata.monitoring.autoconfigure;

import java.time.Duration;

import dev.reactivedata.monitoring.pool.ObservedConnectionFactory;
import dev.reactivedata.monitoring.pool.PoolMetrics;
import dev.reactivedata.monitoring.query.LatencyWindow;
import io.micrometer.core.instrument.Clock;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Wraps every {@link ConnectionFactory} bean in an {@link ObservedConnectionFactory}. Unordered on purpose,
 * like the core module's tenant-binding post-processor, and registered after it (the monitoring
 * auto-configuration comes after the core one), so the observed factory is the outermost wrapper and the
 * tenant binding's statement counts as part of the acquisition.
 */
final class ObservedConnectionFactoryPostProcessor implements BeanPostProcessor {

	private final Duration window;

	private final ObjectProvider<PoolMetrics> metrics;

	ObservedConnectionFactoryPostProcessor(Duration window, ObjectProvider<PoolMetrics> metrics) {
		this.window = window;
		this.metrics = metrics;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ConnectionFactory factory && !(bean instanceof ObservedConnectionFactory)) {
			return new ObservedConnectionFactory(factory, new LatencyWindow(this.window, Clock.SYSTEM),
					this.metrics.getIfAvailable());
		}
		return bean;
	}

}
