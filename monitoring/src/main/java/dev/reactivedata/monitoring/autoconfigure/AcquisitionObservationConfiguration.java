package dev.reactivedata.monitoring.autoconfigure;

import java.time.Duration;

import dev.reactivedata.core.autoconfigure.ConnectionFactoryWrapper;
import dev.reactivedata.monitoring.pool.PoolMetrics;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Observes connection acquisition on the application's {@link ConnectionFactory} beans. With the core module, as the
 * {@link ConnectionFactoryWrapper#ACQUISITION_OBSERVATION} layer of its wrapper chain (outermost, whatever the order
 * in which the auto-configurations register); without it, through a post-processor of its own.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "reactivedata.monitoring.pool.enabled", matchIfMissing = true)
class AcquisitionObservationConfiguration {

	static AcquisitionObservation observation(Environment environment, ObjectProvider<PoolMetrics> metrics) {
		Duration window = Binder.get(environment)
			.bind("reactivedata.monitoring.pool.percentile-window", Duration.class)
			.orElse(Duration.ofSeconds(10));
		return new AcquisitionObservation(window, metrics);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "dev.reactivedata.core.autoconfigure.ConnectionFactoryWrapper")
	static class InCoreWrapperChain {

		@Bean
		static ConnectionFactoryWrapper acquisitionObservation(Environment environment,
				ObjectProvider<PoolMetrics> metrics) {
			return ConnectionFactoryWrapper.of(ConnectionFactoryWrapper.ACQUISITION_OBSERVATION,
					observation(environment, metrics));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("dev.reactivedata.core.autoconfigure.ConnectionFactoryWrapper")
	static class WithoutCore {

		@Bean
		static BeanPostProcessor observedConnectionFactoryPostProcessor(Environment environment,
				ObjectProvider<PoolMetrics> metrics) {
			AcquisitionObservation observation = observation(environment, metrics);
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					return (bean instanceof ConnectionFactory factory) ? observation.apply(factory) : bean;
				}

			};
		}

	}

}
