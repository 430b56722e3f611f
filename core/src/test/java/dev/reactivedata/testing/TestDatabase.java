package dev.reactivedata.testing;

import dev.reactivedata.core.codec.ReactiveDataCodecs;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;

/**
 * A throw-away database of one integration test class on the test PostgreSQL server.
 */
public final class TestDatabase {

	private final TestServers.PostgresServer server;

	private final String name;

	TestDatabase(TestServers.PostgresServer server, String name) {
		this.server = server;
		this.name = name;
	}

	/** @return the database name */
	public String name() {
		return this.name;
	}

	/** @return the JDBC URL of this database (Flyway, admin work on the test thread) */
	public String jdbcUrl() {
		return this.server.jdbcUrl(this.name);
	}

	/** @return the R2DBC URL of this database, without credentials */
	public String r2dbcUrl() {
		return "r2dbc:postgresql://" + this.server.host() + ":" + this.server.port() + "/" + this.name;
	}

	/** @return the user that owns the schema (runs the migrations) */
	public String ownerUser() {
		return this.server.user();
	}

	/** @return the owner's password, empty under trust authentication */
	public String ownerPassword() {
		return this.server.password();
	}

	/**
	 * Creates an unpooled connection factory for this database as the schema owner.
	 * @return a new connection factory
	 */
	public ConnectionFactory ownerConnectionFactory() {
		return connectionFactory(ownerUser(), ownerPassword());
	}

	/**
	 * Creates an unpooled connection factory for this database as the given role, with the driver options the
	 * starter sets ({@code compatibilityMode}: statements with a fetch size in one round trip outside a transaction;
	 * {@link ReactiveDataCodecs}).
	 * @param user the role to log in as
	 * @param password its password
	 * @return a new connection factory
	 */
	public ConnectionFactory connectionFactory(String user, String password) {
		return new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
			.host(this.server.host())
			.port(this.server.port())
			.database(this.name)
			.username(user)
			.password(password)
			.compatibilityMode(true)
			.extendWith(new ReactiveDataCodecs())
			.build());
	}

}
