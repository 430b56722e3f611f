package dev.reactivedata.core.autoconfigure;

import java.time.Duration;

import dev.reactivedata.core.migration.MigrationOperations;
import dev.reactivedata.core.retention.RetentionOperations;
import dev.reactivedata.core.retention.RetentionOptions;
import dev.reactivedata.core.seed.SeedOperations;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ReactiveDataOperationsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReactiveDataOperationsAutoConfiguration.class))
		.withBean(Flyway.class, () -> Flyway.configure().dataSource("jdbc:postgresql://127.0.0.1:1/none", "u", "p").load())
		.withBean(ConnectionFactory.class, () -> ConnectionFactories.get("r2dbc:postgresql://u@127.0.0.1:1/none"));

	@Test
	void providesTheOperationsOfTheCommands() {
		this.runner.run(context -> {
			assertThat(context).hasSingleBean(MigrationOperations.class)
				.hasSingleBean(SeedOperations.class)
				.hasSingleBean(RetentionOperations.class)
				.doesNotHaveBean(FlywayMigrationStrategy.class)
				.doesNotHaveBean(RetentionSchedule.class);
			assertThat(context.getBean(RetentionOptions.class)).isEqualTo(RetentionOptions.builder().build());
		});
	}

	@Test
	void skipsStartUpMigrationWhileACommandRuns() {
		this.runner.withPropertyValues("reactivedata.command.active=true")
			.run(context -> assertThat(context).hasSingleBean(FlywayMigrationStrategy.class));
	}

	@Test
	void schedulesRetentionWhenEnabledButNotWhileACommandRuns() {
		ApplicationContextRunner enabled = this.runner.withPropertyValues("reactivedata.core.retention.enabled=true",
				"reactivedata.core.retention.audit-older-than=7d", "reactivedata.core.retention.initial-delay=1h");
		enabled.run(context -> {
			assertThat(context).hasSingleBean(RetentionSchedule.class);
			assertThat(context.getBean(RetentionOptions.class).auditOlderThan()).isEqualTo(Duration.ofDays(7));
		});
		enabled.withPropertyValues("reactivedata.command.active=true")
			.run(context -> assertThat(context).doesNotHaveBean(RetentionSchedule.class));
	}

}
