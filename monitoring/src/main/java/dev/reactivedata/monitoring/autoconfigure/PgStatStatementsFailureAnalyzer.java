package dev.reactivedata.monitoring.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Explains a start-up that failed on the {@code pg_stat_statements} extension the top-queries insight reads, such
 * as a migration's {@code CREATE EXTENSION pg_stat_statements} on a server that does not ship it, or a read of the
 * view on a server that does not preload the library.
 */
final class PgStatStatementsFailureAnalyzer implements FailureAnalyzer {

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			String message = candidate.getMessage();
			if (message != null && message.contains("pg_stat_statements")) {
				return new FailureAnalysis("PostgreSQL's pg_stat_statements extension, which the top-queries insight "
						+ "reads, is not available: " + message,
						"Load it when PostgreSQL starts (shared_preload_libraries = 'pg_stat_statements' in "
								+ "postgresql.conf, then restart the server) and create it in the application's "
								+ "database (CREATE EXTENSION pg_stat_statements, as a superuser). Without it the "
								+ "insights report top queries as unavailable; "
								+ "reactivedata.monitoring.insights.enabled=false turns the insights off.",
						candidate);
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return null;
	}

}
