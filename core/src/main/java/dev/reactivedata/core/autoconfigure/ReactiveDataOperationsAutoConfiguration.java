package dev.reactivedata.core.autoconfigure;

import java.time.Clock;
import java.util.List;

import dev.reactivedata.core.audit.AuditChainVerifier;
import dev.reactivedata.core.command.DbCommandLine;
import dev.reactivedata.core.migration.MigrationOperations;
import dev.reactivedata.core.retention.RetentionOperations;
import dev.reactivedata.core.retention.RetentionOptions;
import dev.reactivedata.core.retention.RetentionTable;
import dev.reactivedata.core.seed.SeedOperations;
import dev.reactivedata.core.seed.Seeder;
import io.r2dbc.spi.ConnectionFactory;
import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The operations behind the {@code db} commands (DESIGN §11), as beans an application can also use (the demo's
 * {@code GET /api/db/migrations}, the demo's start-up seeding), and the scheduled retention job
 * ({@code reactivedata.core.retention.enabled}). Seeding and retention work as the schema owner: Flyway's URL and
 * user over R2DBC. While a {@code db} command runs, Spring Boot's start-up migration is skipped:
 * the commands migrate, or not, themselves.
 */
@AutoConfiguration(after = { FlywayAutoConfiguration.class, R2dbcAutoConfiguration.class })
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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ConnectionFactory.class, DatabaseClient.class })
	@ConditionalOnBean(ConnectionFactory.class)
	static final class SeedOperationsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SeedOperations reactiveDataSeedOperations(ObjectProvider<Seeder> seeders, ConnectionFactory connectionFactory,
				Environment environment) {
			return new SeedOperations(seeders.orderedStream().toList(),
					OwnerConnectionFactories.of(environment, connectionFactory));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ConnectionFactory.class, DatabaseClient.class })
	@ConditionalOnBean(ConnectionFactory.class)
	static final class AuditVerificationConfiguration {

		/**
		 * Reads as the schema owner, who sees every tenant's chain ({@code db audit verify}).
		 */
		@Bean
		@ConditionalOnMissingBean
		AuditChainVerifier reactiveDataAuditChainVerifier(ConnectionFactory connectionFactory, Environment environment) {
			return AuditChainVerifier.create(DatabaseClient.create(OwnerConnectionFactories.of(environment, connectionFactory)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ConnectionFactory.class, DatabaseClient.class })
	@ConditionalOnBean(ConnectionFactory.class)
	@EnableConfigurationProperties(ReactiveDataRetentionProperties.class)
	static final class RetentionOperationsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RetentionOperations reactiveDataRetentionOperations(ConnectionFactory connectionFactory, Environment environment,
				ObjectProvider<RelationalMappingContext> mappingContext) {
			List<RetentionTable> softDeleted = mappingContext.stream().flatMap(context -> RetentionTable.softDeleted(context).stream()).toList();
			return new RetentionOperations(DatabaseClient.create(OwnerConnectionFactories.of(environment, connectionFactory)),
					softDeleted, Clock.systemUTC());
		}

		@Bean
		RetentionOptions reactiveDataRetentionOptions(ReactiveDataRetentionProperties properties) {
			return RetentionOptions.builder()
				.auditOlderThan(properties.getAuditOlderThan())
				.deletedOlderThan(properties.getDeletedOlderThan())
				.batchSize(properties.getBatchSize())
				.build();
		}

		@Bean
		@ConditionalOnBooleanProperty("reactivedata.core.retention.enabled")
		@ConditionalOnBooleanProperty(name = DbCommandLine.ACTIVE_PROPERTY, havingValue = false, matchIfMissing = true)
		RetentionSchedule reactiveDataRetentionSchedule(RetentionOperations operations, RetentionOptions options,
				ReactiveDataRetentionProperties properties) {
			return new RetentionSchedule(operations, options, properties.getInitialDelay(), properties.getInterval());
		}

	}

}
