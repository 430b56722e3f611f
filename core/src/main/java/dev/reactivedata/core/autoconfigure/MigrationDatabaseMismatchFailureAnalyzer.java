package dev.reactivedata.core.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up refused because Flyway would migrate another database than the one R2DBC connects to.
 */
final class MigrationDatabaseMismatchFailureAnalyzer
		extends AbstractFailureAnalyzer<MigrationDatabaseMismatchException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MigrationDatabaseMismatchException cause) {
		return new FailureAnalysis(cause.getMessage() + ". The application would run against a schema that no "
				+ "migration created or changed.",
				"Make spring.flyway.url and spring.r2dbc.url name the same database (here '" + cause.getR2dbcDatabase()
						+ "' or '" + cause.getFlywayDatabase() + "'). If they differ on purpose, set "
						+ "reactivedata.core.migrations.verify-same-database=false.",
				cause);
	}

}
