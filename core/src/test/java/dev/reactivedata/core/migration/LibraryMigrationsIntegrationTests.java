package dev.reactivedata.core.migration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.reactivedata.testing.DataLayerExtension;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class LibraryMigrationsIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	private static final String APP = "classpath:db/migration-test-app";

	private static final String GRANTS = "classpath:db/migration-test-grants";

	@Test
	void runBeforeTheApplicationsMigrationsInTheirOwnHistory(TestInfo test) throws SQLException {
		String schema = schema(test);
		application(schema, APP, GRANTS).callbacks(LibraryMigrations.beforeMigrate()).load().migrate();
		// The application's history table is there by then: the library's history starts from a baseline.
		assertThat(versions(schema, LibraryMigrations.HISTORY_TABLE)).containsExactly("0", "0.0.1", "0.0.2", "0.0.3", "0.0.4", "0.0.5", "0.0.6");
		assertThat(versions(schema, "flyway_schema_history")).containsExactly("1", "7", "8");
	}

	@Test
	void joinADatabaseTheApplicationMigratedAlready(TestInfo test) throws SQLException {
		String schema = schema(test);
		application(schema, APP).load().migrate();
		// In the application's history, the library's 0.0.x would now be refused as below its V7.
		application(schema, APP, GRANTS).callbacks(LibraryMigrations.beforeMigrate()).load().migrate();
		assertThat(versions(schema, LibraryMigrations.HISTORY_TABLE)).containsExactly("0", "0.0.1", "0.0.2", "0.0.3", "0.0.4", "0.0.5", "0.0.6");
		assertThat(versions(schema, "flyway_schema_history")).containsExactly("1", "7", "8");
	}

	@Test
	void applyNothingTheSecondTime(TestInfo test) {
		String schema = schema(test);
		FluentConfiguration application = application(schema, APP);
		assertThat(LibraryMigrations.migrate(application).migrationsExecuted).isEqualTo(6);
		assertThat(LibraryMigrations.migrate(application).migrationsExecuted).isZero();
	}

	private static FluentConfiguration application(String schema, String... locations) {
		return Flyway.configure()
			.dataSource(dataLayer.database().jdbcUrl(), dataLayer.database().ownerUser(),
					dataLayer.database().ownerPassword())
			.schemas(schema)
			.locations(locations);
	}

	private static String schema(TestInfo test) {
		return test.getTestMethod().orElseThrow().getName().toLowerCase();
	}

	private static List<String> versions(String schema, String table) throws SQLException {
		List<String> versions = new ArrayList<>();
		try (Connection connection = connect();
				ResultSet rows = connection.createStatement()
					.executeQuery("SELECT version FROM " + schema + "." + table + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
			while (rows.next()) {
				versions.add(rows.getString(1));
			}
		}
		return versions;
	}

	private static Connection connect() throws SQLException {
		return DriverManager.getConnection(dataLayer.database().jdbcUrl(), dataLayer.database().ownerUser(),
				dataLayer.database().ownerPassword());
	}

}
