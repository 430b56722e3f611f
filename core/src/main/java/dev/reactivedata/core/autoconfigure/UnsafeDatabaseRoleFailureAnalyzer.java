package dev.reactivedata.core.autoconfigure;

import dev.reactivedata.core.tenant.UnsafeDatabaseRoleException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up refused because the application's database role is not bound by row-level security, and
 * names the property that turns the check off together with the reason not to.
 */
final class UnsafeDatabaseRoleFailureAnalyzer extends AbstractFailureAnalyzer<UnsafeDatabaseRoleException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsafeDatabaseRoleException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Set spring.r2dbc.username to a role created with NOSUPERUSER NOBYPASSRLS that owns no table and has "
						+ "only SELECT, INSERT, UPDATE and DELETE grants, and run the migrations as the owner with "
						+ "spring.flyway.user. The check can be turned off with "
						+ "reactivedata.core.tenancy.verify-role=false, but do not: PostgreSQL does not apply "
						+ "row-level security policies to this role, so every tenant would read and change every "
						+ "other tenant's rows.",
				cause);
	}

}
