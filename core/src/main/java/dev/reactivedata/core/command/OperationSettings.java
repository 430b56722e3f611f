package dev.reactivedata.core.command;

import java.nio.file.Path;

import javax.sql.DataSource;

import dev.reactivedata.core.backup.DatabaseLogin;
import dev.reactivedata.core.maintenance.MaintenanceOptions;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.core.env.Environment;
import org.springframework.format.datetime.standard.DurationFormatterUtils;

/**
 * The settings of the backup, maintenance and export/import commands, from the application's configuration: the
 * schema owner's ({@code spring.flyway.url}, {@code .user}, {@code .password}, else {@code spring.datasource.*})
 * and the application's role on the same database ({@code spring.r2dbc.username} and {@code .password}), which
 * imports run as so that row-level security applies.
 * @param owner the schema owner's login
 * @param application the application role's login, the owner's when no R2DBC user is configured
 * @param backupDirectory where backups go without {@code --dir} ({@code reactivedata.backup.directory}, default
 * {@code backups})
 * @param maintenanceOptions the lock limit of {@code VACUUM FULL}
 * ({@code reactivedata.maintenance.full-vacuum-lock-limit}, default 10s) and the rewrite rate its estimate assumes
 * ({@code reactivedata.maintenance.rewrite-bytes-per-second}, default 50 MiB/s)
 * @param tenantSetting the setting the row-level security policies read, bound by imports with a tenant
 * ({@code reactivedata.core.tenancy.setting}, default {@code app.tenant_id})
 */
record OperationSettings(DatabaseLogin owner, DatabaseLogin application, Path backupDirectory,
		MaintenanceOptions maintenanceOptions, String tenantSetting) {

	/**
	 * @return connections as the schema owner
	 */
	DataSource ownerDataSource() {
		return dataSource(this.owner);
	}

	/**
	 * @return connections as the application's role
	 */
	DataSource applicationDataSource() {
		return dataSource(this.application);
	}

	private static DataSource dataSource(DatabaseLogin login) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(login.jdbcUrl());
		dataSource.setUser(login.user());
		if (!login.password().isEmpty()) {
			dataSource.setPassword(login.password());
		}
		return dataSource;
	}

	static OperationSettings of(Environment environment) {
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
		MaintenanceOptions.Builder maintenance = MaintenanceOptions.builder();
		String limit = environment.getProperty("reactivedata.maintenance.full-vacuum-lock-limit");
		String rate = environment.getProperty("reactivedata.maintenance.rewrite-bytes-per-second");
		try {
			if (limit != null) {
				maintenance.fullVacuumLockLimit(DurationFormatterUtils.detectAndParse(limit));
			}
			if (rate != null) {
				maintenance.rewriteBytesPerSecond(Long.parseLong(rate));
			}
		}
		catch (IllegalArgumentException ex) {
			throw new CommandException("reactivedata.maintenance.*: " + ex.getMessage());
		}
		return new OperationSettings(owner, application,
				Path.of(environment.getProperty("reactivedata.backup.directory", "backups")), maintenance.build(),
				environment.getProperty("reactivedata.core.tenancy.setting", "app.tenant_id"));
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
