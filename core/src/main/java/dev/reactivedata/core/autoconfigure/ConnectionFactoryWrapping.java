package dev.reactivedata.core.autoconfigure;

import io.r2dbc.spi.ConnectionFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;

/**
 * The one place that assembles the wrapper chain: applies every {@link ConnectionFactoryWrapper} bean, lowest order
 * first, to each {@link ConnectionFactory} bean. Ordered first among the post-processors, so that the guarded pool
 * replaces Spring Boot's before anything else could hide it.
 */
final class ConnectionFactoryWrapping implements BeanPostProcessor, Ordered {

	private final ObjectProvider<ConnectionFactoryWrapper> wrappers;

	ConnectionFactoryWrapping(ObjectProvider<ConnectionFactoryWrapper> wrappers) {
		this.wrappers = wrappers;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof ConnectionFactory factory)) {
			return bean;
		}
		ConnectionFactory wrapped = factory;
		for (ConnectionFactoryWrapper wrapper : this.wrappers.orderedStream().toList()) {
			wrapped = wrapper.wrap(wrapped);
		}
		return wrapped;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
