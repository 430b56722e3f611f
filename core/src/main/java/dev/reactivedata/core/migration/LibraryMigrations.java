package dev.reactivedata.core.migration;

import java.util.Objects;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the library's migrations ({@value #LOCATION}: the audit log) with Flyway, in their own history
 * table {@value #HISTORY_TABLE}. Sharing the application's history table would put our versions in the
 * application's version space: a library upgrade adding {@code V0_0_3} to a database already at the
 * application's {@code V7} would be refused as out of order. Apply them before the application's migrations
 * (which may grant on {@code audit_log}): {@link #beforeMigrate()} does that from within the application's
 * Flyway run, and the core auto-configuration registers it with Spring Boot's Flyway.
 */
public final class LibraryMigrations {

	/** Where the library's migrations live. */
	public static final String LOCATION = "classpath:db/reactivedata";

	/** The library's Flyway history table, next to the application's in the same schema. */
	public static final String HISTORY_TABLE = "reactivedata_schema_history";

	/** The name of the callback {@link #beforeMigrate()} returns. */
	public static final String CALLBACK_NAME = "reactivedata-library-migrations";

	private LibraryMigrations() {
	}

	/**
	 * Applies the pending library migrations to the database, schemas and class loader of an application's
	 * Flyway configuration. In a schema that the application has already populated, the library's history
	 * starts from a baseline at version 0, below every library migration.
	 * @param application the application's Flyway configuration
	 * @return Flyway's result
	 */
	public static MigrateResult migrate(Configuration application) {
		return configure(application).load().migrate();
	}

	/**
	 * Returns the Flyway configuration of the library's migrations for an application's Flyway configuration:
	 * its data source, schemas and class loader, the library's location and history table.
	 * @param application the application's Flyway configuration
	 * @return a new configuration
	 */
	public static FluentConfiguration configure(Configuration application) {
		Objects.requireNonNull(application, "application must not be null");
		return Flyway.configure(application.getClassLoader())
			.dataSource(application.getDataSource())
			.schemas(application.getSchemas())
			.defaultSchema(application.getDefaultSchema())
			.createSchemas(application.isCreateSchemas())
			.table(HISTORY_TABLE)
			.locations(LOCATION)
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.baselineDescription("<< reactive-data-layer baseline >>")
			.skipDefaultCallbacks(true);
	}

	/**
	 * A Flyway callback that applies the library's migrations just before the application's own.
	 * @return the callback
	 */
	public static Callback beforeMigrate() {
		return new BeforeMigrate();
	}

	private static final class BeforeMigrate implements Callback {

		@Override
		public boolean supports(Event event, Context context) {
			return event == Event.BEFORE_MIGRATE;
		}

		@Override
		public boolean canHandleInTransaction(Event event, Context context) {
			return true;
		}

		@Override
		public void handle(Event event, Context context) {
			migrate(context.getConfiguration());
		}

		@Override
		public String getCallbackName() {
			return CALLBACK_NAME;
		}

	}

}
