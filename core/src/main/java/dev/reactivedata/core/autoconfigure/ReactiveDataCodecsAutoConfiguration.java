package dev.reactivedata.core.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.reactivedata.core.codec.ReactiveDataCodecs;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.postgresql.extension.Extension;
import io.r2dbc.spi.ConnectionFactoryOptions;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link ReactiveDataCodecs} with the r2dbc-postgresql connection factories Spring Boot builds, after
 * any extensions already in the options (an application customizer that ran first): its
 * {@code timestamptz} decoding costs a fraction of the driver's, with the same results.
 */
@AutoConfiguration(before = R2dbcAutoConfiguration.class)
@ConditionalOnClass({ PostgresqlConnectionFactoryProvider.class, ConnectionFactoryOptionsBuilderCustomizer.class })
public final class ReactiveDataCodecsAutoConfiguration {

	@Bean
	static ConnectionFactoryOptionsBuilderCustomizer postgresqlCodecs() {
		return options -> {
			ConnectionFactoryOptions set = options.build();
			if (ReactiveDataPoolAutoConfiguration.isPostgresql(set)) {
				List<Extension> extensions = new ArrayList<>();
				if (set.getValue(PostgresqlConnectionFactoryProvider.EXTENSIONS) instanceof Collection<?> given) {
					given.forEach(extension -> extensions.add((Extension) extension));
				}
				extensions.add(new ReactiveDataCodecs());
				options.option(PostgresqlConnectionFactoryProvider.EXTENSIONS, extensions);
			}
		};
	}

}
