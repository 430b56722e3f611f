package dev.reactivedata.core.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;

import io.r2dbc.spi.ConnectionFactoryOptions;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;

/**
 * Refuses to configure Flyway when its JDBC URL names another database than the application's R2DBC
 * connections, before anything is migrated. Only the database names are compared: migrating through another
 * host or port (a direct connection beside a connection pooler) is legitimate.
 */
final class MigrationDatabaseCheck implements FlywayConfigurationCustomizer {

	private final ObjectProvider<FlywayConnectionDetails> flyway;

	private final ObjectProvider<R2dbcConnectionDetails> r2dbc;

	MigrationDatabaseCheck(ObjectProvider<FlywayConnectionDetails> flyway, ObjectProvider<R2dbcConnectionDetails> r2dbc) {
		this.flyway = flyway;
		this.r2dbc = r2dbc;
	}

	@Override
	public void customize(FluentConfiguration configuration) {
		FlywayConnectionDetails flywayDetails = this.flyway.getIfUnique();
		R2dbcConnectionDetails r2dbcDetails = this.r2dbc.getIfUnique();
		if (flywayDetails == null || r2dbcDetails == null) {
			return;
		}
		String flywayDatabase = jdbcDatabase(flywayDetails.getJdbcUrl());
		Object r2dbcDatabase = r2dbcDetails.getConnectionFactoryOptions().getValue(ConnectionFactoryOptions.DATABASE);
		if (flywayDatabase != null && r2dbcDatabase != null && !flywayDatabase.equals(r2dbcDatabase.toString())) {
			throw new MigrationDatabaseMismatchException(r2dbcDatabase.toString(), flywayDatabase);
		}
	}

	/**
	 * Reads the database of a single-host JDBC URL such as {@code jdbc:postgresql://host:5432/db?ssl=true}; null
	 * when there is none or the URL names several hosts.
	 */
	static @Nullable String jdbcDatabase(@Nullable String jdbcUrl) {
		if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
			return null;
		}
		try {
			String path = new URI(jdbcUrl.substring("jdbc:".length())).getPath();
			return (path == null || path.length() <= 1) ? null : path.substring(1);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

}
