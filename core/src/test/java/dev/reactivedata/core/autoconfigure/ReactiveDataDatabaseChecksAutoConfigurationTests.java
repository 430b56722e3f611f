package dev.reactivedata.core.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ReactiveDataDatabaseChecksAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class, FlywayAutoConfiguration.class,
				ReactiveDataDatabaseChecksAutoConfiguration.class))
		.withPropertyValues("spring.flyway.enabled=true", "spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:1/app",
				"spring.r2dbc.username=postgres");

	@Test
	void flywayOnAnotherDatabaseFailsTheStartup() {
		this.runner.withPropertyValues("spring.flyway.url=jdbc:postgresql://127.0.0.1:1/postgres")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(MigrationDatabaseMismatchException.class)
				.hasMessageContaining("'app'")
				.hasMessageContaining("'postgres'"));
	}

	@Test
	void flywayOnTheSameDatabaseThroughAnotherPortIsAccepted() {
		this.runner.withPropertyValues("spring.flyway.url=jdbc:postgresql://127.0.0.1:2/app?ssl=false",
				"spring.flyway.enabled=false")
			.run(context -> assertThat(context).hasNotFailed());
	}

	@Test
	void theCheckCanBeTurnedOff() {
		this.runner
			.withPropertyValues("spring.flyway.url=jdbc:postgresql://127.0.0.1:1/postgres",
					"reactivedata.core.migrations.verify-same-database=false", "spring.flyway.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(MigrationDatabaseCheck.class));
	}

	@Test
	void unreachableDatabaseIsExplained() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.flyway.url",
				"jdbc:postgresql://127.0.0.1:1/app");
		this.runner.withPropertyValues("spring.flyway.url=jdbc:postgresql://127.0.0.1:1/app")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.satisfies(failure -> assertThat(new DatabaseUnreachableFailureAnalyzer(environment).analyze(failure))
					.isNotNull()
					.extracting(FailureAnalysis::getDescription)
					.asString()
					.contains("PostgreSQL could not be reached")));
	}

	@Test
	void readsTheDatabaseOfAJdbcUrl() {
		assertThat(MigrationDatabaseCheck.jdbcDatabase("jdbc:postgresql://h:5432/app?ssl=true")).isEqualTo("app");
		assertThat(MigrationDatabaseCheck.jdbcDatabase("jdbc:postgresql://h1:5432,h2:5432/app")).isEqualTo("app");
		assertThat(MigrationDatabaseCheck.jdbcDatabase("jdbc:postgresql://h:5432/")).isNull();
		assertThat(MigrationDatabaseCheck.jdbcDatabase("jdbc:postgresql:app")).isNull();
	}

}
