package dev.reactivedata.core.autoconfigure;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;

import org.springframework.core.env.Environment;

/**
 * The connection the operations ({@code db seed}, {@code db retention}) work with as the schema owner: Flyway's
 * URL and user ({@code spring.flyway.url/user/password}) over R2DBC, unpooled (a command opens few connections),
 * or the application's own connection factory when Flyway has no URL of its own.
 */
final class OwnerConnectionFactories {

	private static final String JDBC_POSTGRESQL = "jdbc:postgresql:";

	private OwnerConnectionFactories() {
	}

	static ConnectionFactory of(Environment environment, ConnectionFactory application) {
		String url = environment.getProperty("spring.flyway.url");
		if (url == null || !url.startsWith(JDBC_POSTGRESQL)) {
			return application;
		}
		int query = url.indexOf('?');
		String r2dbc = "r2dbc:postgresql:" + url.substring(JDBC_POSTGRESQL.length(), (query < 0) ? url.length() : query);
		ConnectionFactoryOptions.Builder options = ConnectionFactoryOptions.parse(r2dbc).mutate();
		String user = environment.getProperty("spring.flyway.user");
		if (user != null) {
			options.option(ConnectionFactoryOptions.USER, user);
			options.option(ConnectionFactoryOptions.PASSWORD, environment.getProperty("spring.flyway.password", ""));
		}
		return ConnectionFactories.get(options.build());
	}

}
