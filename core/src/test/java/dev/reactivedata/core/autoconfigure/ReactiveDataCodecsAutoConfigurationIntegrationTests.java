package dev.reactivedata.core.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import dev.reactivedata.core.CoreDataLayer;
import dev.reactivedata.core.codec.ReactiveDataCodecs;
import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.postgresql.extension.CodecRegistrar;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.OptionsCapableConnectionFactory;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The codecs auto-configuration registers {@link ReactiveDataCodecs} with Spring Boot's r2dbc-postgresql factory,
 * with or without the guarded pool, after the application's own extensions.
 */
class ReactiveDataCodecsAutoConfigurationIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = CoreDataLayer.extension();

	private static final CodecRegistrar APPLICATION_EXTENSION = (connection, allocator, registry) -> Mono.empty();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class, ReactiveDataCodecsAutoConfiguration.class))
		.withPropertyValues("spring.r2dbc.url=" + dataLayer.database().r2dbcUrl(),
				"spring.r2dbc.username=" + CoreDataLayer.APP_ROLE, "spring.r2dbc.password=" + CoreDataLayer.APP_ROLE);

	@Test
	void springBootsDriverFactoryDecodesWithOurCodecs() {
		this.runner.run(context -> {
			ConnectionFactory connectionFactory = context.getBean(ConnectionFactory.class);
			assertThat(extensions(connectionFactory)).singleElement().isInstanceOf(ReactiveDataCodecs.class);
			Instant read = Mono.usingWhen(connectionFactory.create(),
					connection -> Mono.from(connection
						.createStatement("SELECT timestamptz '2026-11-29 23:41:33.5+05:30' WHERE $1 = 1")
						.bind("$1", 1)
						.execute()).flatMap(result -> Mono.from(result.map(row -> row.get(0, Instant.class)))),
					Connection::close)
				.block(Duration.ofSeconds(30));
			assertThat(read).isEqualTo(Instant.parse("2026-11-29T18:11:33.500Z"));
		});
	}

	@Test
	void theApplicationsExtensionsComeFirst() {
		this.runner.withBean(ConnectionFactoryOptionsBuilderCustomizer.class, ApplicationCustomizer::new)
			.run(context -> {
				List<?> extensions = extensions(context.getBean(ConnectionFactory.class));
				assertThat(extensions).hasSize(2).first().isSameAs(APPLICATION_EXTENSION);
				assertThat(extensions).last().isInstanceOf(ReactiveDataCodecs.class);
			});
	}

	private static List<?> extensions(ConnectionFactory connectionFactory) {
		OptionsCapableConnectionFactory driver = OptionsCapableConnectionFactory.unwrapFrom(connectionFactory);
		assertThat(driver).as("Spring Boot's driver factory").isNotNull();
		Object extensions = driver.getOptions().getValue(PostgresqlConnectionFactoryProvider.EXTENSIONS);
		assertThat(extensions).isInstanceOf(Collection.class);
		return List.copyOf((Collection<?>) extensions);
	}

	@Order(0)
	private static final class ApplicationCustomizer implements ConnectionFactoryOptionsBuilderCustomizer {

		@Override
		public void customize(io.r2dbc.spi.ConnectionFactoryOptions.Builder options) {
			options.option(PostgresqlConnectionFactoryProvider.EXTENSIONS, List.of(APPLICATION_EXTENSION));
		}

	}

}
