package dev.reactivedata.core.autoconfigure;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Shapes the application's {@link ConnectionFactory} beans: PostgreSQL results in binary, and the
 * {@link ConnectionFactoryWrapper} beans that the modules (guarded pool, read routing, tenant binding, acquisition
 * observation) and the application contribute, wrapped around it in their documented order.
 */
@AutoConfiguration(before = R2dbcAutoConfiguration.class)
@ConditionalOnClass(ConnectionFactory.class)
public final class ReactiveDataConnectionFactoryAutoConfiguration {

	/**
	 * Asks PostgreSQL for binary results unless {@code spring.r2dbc.properties.forceBinary} or the URL's
	 * {@code forceBinary} says otherwise: the driver then reads timestamps, UUIDs, numbers and arrays as they are
	 * stored instead of parsing their text, which is most of its cost per row when many rows stream.
	 * @return the customizer, applied to the primary's options and to every replica's
	 */
	@Bean
	@ConditionalOnClass(PostgresqlConnectionFactoryProvider.class)
	static ConnectionFactoryOptionsBuilderCustomizer binaryResults() {
		return options -> {
			if (!options.build().hasOption(PostgresqlConnectionFactoryProvider.FORCE_BINARY)) {
				options.option(PostgresqlConnectionFactoryProvider.FORCE_BINARY, true);
			}
		};
	}

	@Bean
	static BeanPostProcessor connectionFactoryWrapping(ObjectProvider<ConnectionFactoryWrapper> wrappers) {
		return new ConnectionFactoryWrapping(wrappers);
	}

}
