package dev.reactivedata.core.backup;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * Where and as whom the blocking operations log in: a PostgreSQL JDBC URL
 * ({@code jdbc:postgresql://host:port/database}) with a user and password, usually the schema owner's
 * ({@code spring.flyway.*}).
 * @param jdbcUrl the JDBC URL
 * @param user the user
 * @param password the password, empty for none
 */
public record DatabaseLogin(String jdbcUrl, String user, String password) {

	private static final String PREFIX = "jdbc:postgresql://";

	/**
	 * Checks the URL.
	 * @param jdbcUrl the JDBC URL
	 * @param user the user
	 * @param password the password, empty for none
	 */
	public DatabaseLogin {
		Objects.requireNonNull(jdbcUrl, "jdbcUrl must not be null");
		Objects.requireNonNull(user, "user must not be null");
		Objects.requireNonNull(password, "password must not be null");
		if (!jdbcUrl.startsWith(PREFIX) || uri(jdbcUrl).getPath().length() < 2) {
			throw new IllegalArgumentException(
					"jdbcUrl must look like jdbc:postgresql://host:port/database, not " + jdbcUrl);
		}
	}

	/**
	 * @return the name of the database
	 */
	public String database() {
		return uri(this.jdbcUrl).getPath().substring(1);
	}

	/**
	 * The same login on another database of the same server.
	 * @param database the other database
	 * @return the login
	 */
	public DatabaseLogin withDatabase(String database) {
		URI uri = uri(this.jdbcUrl);
		String query = (uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "";
		return new DatabaseLogin(PREFIX + uri.getRawAuthority() + "/" + database + query, this.user, this.password);
	}

	/**
	 * Opens a JDBC connection (blocking).
	 * @return the connection
	 * @throws SQLException when the database cannot be reached or refuses the login
	 */
	public Connection connect() throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", this.user);
		if (!this.password.isEmpty()) {
			properties.setProperty("password", this.password);
		}
		return DriverManager.getConnection(this.jdbcUrl, properties);
	}

	/**
	 * The libpq connection URI the command line tools take ({@code --dbname}), without the password (it goes
	 * into the tools' environment, not their command line).
	 */
	String libpqUri() {
		URI uri = uri(this.jdbcUrl);
		String host = (uri.getHost() != null) ? uri.getHost() : "localhost";
		int port = (uri.getPort() > 0) ? uri.getPort() : 5432;
		return "postgresql://" + host + ":" + port + "/" + database();
	}

	private static URI uri(String jdbcUrl) {
		return URI.create(jdbcUrl.substring("jdbc:".length()));
	}

	@Override
	public String toString() {
		return "DatabaseLogin[" + this.jdbcUrl + " as " + this.user + "]";
	}

}
