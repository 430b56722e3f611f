package dev.reactivedata.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.reactivedata.core.migration.LibraryMigrations;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Creates and drops the throw-away databases of a test run. Each set of migrations is applied once per JVM
 * to a template database; every test class then gets {@code CREATE DATABASE … TEMPLATE}, which copies files
 * instead of re-running migrations. Databases left behind by a killed run are dropped after a few hours.
 */
final class TemplateDatabases {

	private static final String PREFIX = "rdl_test_";

	private static final long STALE_AFTER_SECONDS = TimeUnit.HOURS.toSeconds(3);

	private static final Map<MigrationSet, String> templates = new ConcurrentHashMap<>();

	private static volatile boolean cleaned;

	private TemplateDatabases() {
	}

	static synchronized String createDatabase(TestServers.PostgresServer server, MigrationSet migrations) {
		dropStale(server);
		String template = templates.computeIfAbsent(migrations, set -> createTemplate(server, set));
		String name = newName("db");
		execute(server, "CREATE DATABASE " + name + " TEMPLATE " + template);
		return name;
	}

	static void drop(TestServers.PostgresServer server, String database) {
		execute(server, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
	}

	private static String createTemplate(TestServers.PostgresServer server, MigrationSet migrations) {
		String name = newName("tpl");
		execute(server, "CREATE DATABASE " + name);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(server, name), "drop-" + name));
		// The library's location is applied as the auto-configuration applies it: in its own history table, from
		// within the application's Flyway run, before the application's migrations.
		List<String> locations = new ArrayList<>(migrations.locations());
		boolean library = locations.remove(LibraryMigrations.LOCATION);
		FluentConfiguration configuration = Flyway.configure()
			.dataSource(server.jdbcUrl(name), server.user(), server.password())
			.placeholders(migrations.placeholders());
		if (locations.isEmpty()) {
			if (library) {
				LibraryMigrations.migrate(configuration);
			}
		}
		else {
			configuration.locations(locations.toArray(String[]::new))
				.callbacks(library ? new Callback[] { LibraryMigrations.beforeMigrate() } : new Callback[0])
				.load()
				.migrate();
		}
		return name;
	}

	private static String newName(String kind) {
		long epochSeconds = System.currentTimeMillis() / 1000;
		return PREFIX + kind + "_" + epochSeconds + "_" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static void dropStale(TestServers.PostgresServer server) {
		if (cleaned) {
			return;
		}
		cleaned = true;
		long now = System.currentTimeMillis() / 1000;
		List<String> stale = new ArrayList<>();
		try (Connection connection = connect(server); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + PREFIX + "%'")) {
			while (rows.next()) {
				String name = rows.getString(1);
				String[] parts = name.substring(PREFIX.length()).split("_");
				if (parts.length == 3 && now - Long.parseLong(parts[1]) > STALE_AFTER_SECONDS) {
					stale.add(name);
				}
			}
		}
		catch (SQLException | NumberFormatException ex) {
			throw new IllegalStateException("Could not list test databases", ex);
		}
		stale.forEach(name -> drop(server, name));
	}

	private static void execute(TestServers.PostgresServer server, String sql) {
		try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run '" + sql + "' on " + server.host() + ":" + server.port(), ex);
		}
	}

	private static Connection connect(TestServers.PostgresServer server) throws SQLException {
		return DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), server.password());
	}

	record MigrationSet(List<String> locations, Map<String, String> placeholders) {
	}

}
