package dev.reactivedata.core.autoconfigure;

import java.util.Arrays;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.Location;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Adds the library's own migrations ({@value #LOCATION}, which create {@code audit_log}) to the
 * application's Flyway locations, so a user adds the dependency and gets the table.
 */
@AutoConfiguration(before = FlywayAutoConfiguration.class)
@ConditionalOnClass({ Flyway.class, FlywayConfigurationCustomizer.class })
@ConditionalOnBooleanProperty(name = "reactivedata.core.migrations.enabled", matchIfMissing = true)
public final class ReactiveDataMigrationsAutoConfiguration {

	/** Where the library's migrations live. */
	public static final String LOCATION = "classpath:db/reactivedata";

	@Bean
	FlywayConfigurationCustomizer reactiveDataMigrationLocation() {
		return configuration -> {
			Location ours = new Location(LOCATION);
			Location[] locations = configuration.getLocations();
			if (!Arrays.asList(locations).contains(ours)) {
				configuration.locations(Stream.concat(Arrays.stream(locations), Stream.of(ours)).toArray(Location[]::new));
			}
		};
	}

}
