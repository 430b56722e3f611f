package dev.reactivedata.core.command;

import dev.reactivedata.core.audit.AuditChainVerifier;
import dev.reactivedata.core.migration.MigrationOperations;
import dev.reactivedata.core.retention.RetentionOperations;
import dev.reactivedata.core.retention.RetentionOptions;
import dev.reactivedata.core.seed.SeedOperations;

/**
 * The operations the commands run, looked up in the application only when a command needs them (so that
 * {@code --help} and usage errors never touch the database).
 */
interface CommandServices {

	MigrationOperations migrations();

	SeedOperations seeds();

	RetentionOperations retention();

	RetentionOptions retentionDefaults();

	/**
	 * @return the verifier of the audit log's hash chains, reading as the schema owner
	 */
	AuditChainVerifier auditChains();

	/**
	 * @param name the report's name
	 * @return the report another module contributes under that name
	 */
	DatabaseReport<?> report(String name);

	/**
	 * @return the URL of the database the commands work on, for one-line errors
	 */
	String databaseUrl();

	/**
	 * @return the settings of the backup, maintenance and export/import commands
	 */
	default OperationSettings settings() {
		throw new IllegalStateException("No application is running");
	}

}
