package dev.reactivedata.core.autoconfigure;

import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.OptionsCapableConnectionFactory;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The driver is asked for binary results unless the application says otherwise. Nothing here connects.
 */
class BinaryResultsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class,
				ReactiveDataConnectionFactoryAutoConfiguration.class))
		.withPropertyValues("spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:1/unused", "spring.r2dbc.username=nobody",
				"spring.r2dbc.pool.enabled=false");

	@Test
	void theApplicationsDriverIsAskedForBinaryResults() {
		this.runner.run(context -> assertThat(forceBinary(context.getBean(ConnectionFactory.class))).isEqualTo("true"));
	}

	@Test
	void aForceBinaryPropertyOrUrlOptionWins() {
		this.runner.withPropertyValues("spring.r2dbc.properties.forceBinary=false")
			.run(context -> assertThat(forceBinary(context.getBean(ConnectionFactory.class))).isEqualTo("false"));
		this.runner.withPropertyValues("spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:1/unused?forceBinary=false")
			.run(context -> assertThat(forceBinary(context.getBean(ConnectionFactory.class))).isEqualTo("false"));
	}

	@Test
	void anOptionAlreadySetIsLeftAlone() {
		ConnectionFactoryOptions.Builder options = ConnectionFactoryOptions.builder()
			.option(PostgresqlConnectionFactoryProvider.FORCE_BINARY, false);
		ReactiveDataConnectionFactoryAutoConfiguration.binaryResults().customize(options);
		assertThat(options.build().getValue(PostgresqlConnectionFactoryProvider.FORCE_BINARY)).isEqualTo(false);
		ConnectionFactoryOptions.Builder unset = ConnectionFactoryOptions.builder();
		ReactiveDataConnectionFactoryAutoConfiguration.binaryResults().customize(unset);
		assertThat(unset.build().getValue(PostgresqlConnectionFactoryProvider.FORCE_BINARY)).isEqualTo(true);
	}

	/** The forceBinary option Spring Boot created the driver's factory with, as text. */
	private static String forceBinary(ConnectionFactory factory) {
		assertThat(factory).isInstanceOf(OptionsCapableConnectionFactory.class);
		assertThat(((OptionsCapableConnectionFactory) factory).unwrap()).isInstanceOf(PostgresqlConnectionFactory.class);
		return String.valueOf(((OptionsCapableConnectionFactory) factory).getOptions()
			.getValue(PostgresqlConnectionFactoryProvider.FORCE_BINARY));
	}

}
