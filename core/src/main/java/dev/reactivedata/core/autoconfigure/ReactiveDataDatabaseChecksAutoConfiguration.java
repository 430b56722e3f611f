package dev.reactivedata.core.autoconfigure;

import io.r2dbc.spi.ConnectionFactory;
import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.context.annotation.Bean;

/**
 * Start-up checks of the database configuration: Flyway ({@code spring.flyway.url}) must migrate the database that
 * R2DBC ({@code spring.r2dbc.url}) connects to. Turned off with
 * {@code reactivedata.core.migrations.verify-same-database=false}.
 */
@AutoConfiguration(after = R2dbcAutoConfiguration.class, before = FlywayAutoConfiguration.class)
@ConditionalOnClass({ ConnectionFactory.class, Flyway.class, FlywayAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "reactivedata.core.migrations.verify-same-database", matchIfMissing = true)
public final class ReactiveDataDatabaseChecksAutoConfiguration {

	@Bean
	FlywayConfigurationCustomizer migrationDatabaseCheck(ObjectProvider<FlywayConnectionDetails> flyway,
			ObjectProvider<R2dbcConnectionDetails> r2dbc) {
		return new MigrationDatabaseCheck(flyway, r2dbc);
	}

}
