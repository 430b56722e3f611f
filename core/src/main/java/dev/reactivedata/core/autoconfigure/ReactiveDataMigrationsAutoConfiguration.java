package dev.reactivedata.core.autoconfigure;

import dev.reactivedata.core.migration.LibraryMigrations;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Applies the library's own migrations ({@link LibraryMigrations}: {@code audit_log}) whenever Spring Boot's
 * Flyway migrates, first and in their own history table, so a user adds the dependency and gets the table.
 */
@AutoConfiguration(before = FlywayAutoConfiguration.class)
@ConditionalOnClass({ Flyway.class, FlywayAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "reactivedata.core.migrations.enabled", matchIfMissing = true)
public final class ReactiveDataMigrationsAutoConfiguration {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	Callback reactiveDataLibraryMigrations() {
		return LibraryMigrations.beforeMigrate();
	}

}
