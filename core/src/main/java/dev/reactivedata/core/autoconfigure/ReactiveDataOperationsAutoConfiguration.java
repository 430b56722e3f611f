package dev.reactivedata.core.autoconfigure;

import dev.reactivedata.core.command.DbCommandLine;
import dev.reactivedata.core.migration.MigrationOperations;
import org.flywaydb.core.Flyway;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The operations behind the {@code db} commands (DESIGN §11), as beans an application can also use (the demo's
 * {@code GET /api/db/migrations}). While a {@code db} command runs, Spring Boot's start-up migration is skipped:
 * the commands migrate, or not, themselves.
 */
@AutoConfiguration(after = FlywayAutoConfiguration.class)
public final class ReactiveDataOperationsAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Flyway.class, FlywayAutoConfiguration.class })
	static final class MigrationOperationsConfiguration {

		@Bean
		@ConditionalOnBean(Flyway.class)
		@ConditionalOnMissingBean
		MigrationOperations reactiveDataMigrationOperations(Flyway flyway) {
			return new MigrationOperations(flyway.getConfiguration());
		}

		@Bean
		@ConditionalOnBooleanProperty(DbCommandLine.ACTIVE_PROPERTY)
		FlywayMigrationStrategy reactiveDataCommandMigrationStrategy() {
			return flyway -> {
				// A db command decides itself whether to migrate.
			};
		}

	}

}
