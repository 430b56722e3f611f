package dev.reactivedata.core.command;

import java.nio.file.Path;

import dev.reactivedata.core.backup.DatabaseLogin;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * The logins of the backup, maintenance and export/import commands, from the application's configuration: the
 * schema owner's ({@code spring.flyway.url}, {@code .user}, {@code .password}, else {@code spring.datasource.*})
 * and the application's role on the same database ({@code spring.r2dbc.username} and {@code .password}), which
 * imports run as so that row-level security applies.
 * @param owner the schema owner's login
 * @param application the application role's login, the owner's when no R2DBC user is configured
 * @param backupDirectory where backups go without {@code --dir} ({@code reactivedata.backup.directory}, default
 * {@code backups})
 */
record OperationLogins(DatabaseLogin owner, DatabaseLogin application, Path backupDirectory) {

	static OperationLogins of(Environment environment) {
		String url = first(environment, "spring.flyway.url", "spring.datasource.url");
		if (url == null) {
			throw new CommandException("no JDBC URL of the database: set spring.flyway.url (or spring.datasource.url)");
		}
		String user = first(environment, "spring.flyway.user", "spring.datasource.username");
		String password = first(environment, "spring.flyway.password", "spring.datasource.password");
		DatabaseLogin owner = login(url, (user != null) ? user : System.getProperty("user.name"), password);
		String appUser = environment.getProperty("spring.r2dbc.username");
		DatabaseLogin application = (appUser != null)
				? login(url, appUser, environment.getProperty("spring.r2dbc.password")) : owner;
		return new OperationLogins(owner, application,
				Path.of(environment.getProperty("reactivedata.backup.directory", "backups")));
	}

	private static DatabaseLogin login(String url, String user, @Nullable String password) {
		try {
			return new DatabaseLogin(url, user, (password != null) ? password : "");
		}
		catch (IllegalArgumentException ex) {
			throw new CommandException(ex.getMessage());
		}
	}

	private static @Nullable String first(Environment environment, String... keys) {
		for (String key : keys) {
			String value = environment.getProperty(key);
			if (value != null && !value.isEmpty()) {
				return value;
			}
		}
		return null;
	}

}
