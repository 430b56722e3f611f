package dev.reactivedata.core.autoconfigure;

import java.net.ConnectException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Explains a start-up that failed because PostgreSQL could not be reached (connection refused), whether by Flyway
 * over JDBC or by the application's R2DBC connections, naming the URLs in use and the start-up retry settings.
 */
final class DatabaseUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<ConnectException> {

	private final Environment environment;

	DatabaseUnreachableFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, ConnectException cause) {
		if (!fromDatabase(rootFailure)) {
			return null;
		}
		String r2dbcUrl = this.environment.getProperty("spring.r2dbc.url", "r2dbc:postgresql://localhost:5432/postgres");
		String flywayUrl = this.environment.getProperty("spring.flyway.url");
		String retries = this.environment.getProperty("spring.flyway.connect-retries", "0");
		return new FailureAnalysis("PostgreSQL could not be reached: " + cause.getMessage() + ". The application "
				+ "connects to " + r2dbcUrl + ((flywayUrl != null) ? " and migrates " + flywayUrl : "") + " (Flyway "
				+ "retried " + retries + " times).",
				"Start PostgreSQL, or point spring.r2dbc.url and spring.flyway.url at a running server. To wait longer "
						+ "for a database that is still starting, raise spring.flyway.connect-retries and "
						+ "spring.flyway.connect-retries-interval (migrations) and "
						+ "reactivedata.core.tenancy.verify-timeout (the first R2DBC connection).",
				cause);
	}

	private static boolean fromDatabase(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			String type = candidate.getClass().getName();
			if (candidate instanceof java.sql.SQLException || type.startsWith("io.r2dbc.")
					|| type.startsWith("org.flywaydb.")) {
				return true;
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return false;
	}

}
