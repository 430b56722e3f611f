package dev.reactivedata.core.autoconfigure;

import io.r2dbc.spi.ConnectionFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Wraps the application's {@link ConnectionFactory} beans in the {@link ConnectionFactoryWrapper} beans that the
 * modules (guarded pool, read routing, tenant binding, acquisition observation) and the application contribute, in
 * their documented order.
 */
@AutoConfiguration(before = R2dbcAutoConfiguration.class)
@ConditionalOnClass(ConnectionFactory.class)
public final class ReactiveDataConnectionFactoryAutoConfiguration {

	@Bean
	static BeanPostProcessor connectionFactoryWrapping(ObjectProvider<ConnectionFactoryWrapper> wrappers) {
		return new ConnectionFactoryWrapping(wrappers);
	}

}
