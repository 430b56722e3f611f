package dev.reactivedata.core.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * Runs migration scripts over JDBC in one transaction: a dry run that always rolls back, and undo scripts that
 * commit together with the removal of their history rows.
 */
final class ScriptRunner {

	private final DataSource dataSource;

	private final @Nullable String defaultSchema;

	ScriptRunner(DataSource dataSource, @Nullable String defaultSchema) {
		this.dataSource = dataSource;
		this.defaultSchema = defaultSchema;
	}

	/**
	 * Checks every statement before running any: a statement PostgreSQL refuses in a transaction block stops
	 * the whole run, naming its script and line.
	 */
	static void refuseNonTransactional(List<Script> scripts, String operation) {
		for (Script script : scripts) {
			for (SqlScript.Statement statement : script.statements()) {
				if (!StatementEffect.canRunInTransaction(statement.sql())) {
					String first = statement.sql().lines().findFirst().orElse("").strip();
					throw new MigrationException(script.name() + " line " + statement.line() + ": '" + first
							+ "' cannot run inside a transaction; " + operation + " ran nothing");
				}
			}
		}
	}

	DryRunReport dryRun(List<Script> scripts) throws SQLException {
		refuseNonTransactional(scripts, "the dry run");
		List<DryRunStatement> report = new ArrayList<>();
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (Statement jdbc = connection.createStatement()) {
				if (this.defaultSchema != null) {
					// Flyway would create the schema first; here that is rolled back with the rest.
					jdbc.execute("CREATE SCHEMA IF NOT EXISTS " + quote(this.defaultSchema));
				}
				useDefaultSchema(jdbc);
				for (Script script : scripts) {
					for (SqlScript.Statement statement : script.statements()) {
						long rows = execute(jdbc, script, statement);
						report.add(new DryRunStatement(script.name(), statement.line(),
								StatementEffect.describe(statement.sql()), rows));
					}
				}
			}
			finally {
				connection.rollback();
			}
		}
		return new DryRunReport(scripts.stream().map(Script::name).toList(), report);
	}

	void undo(List<Script> scripts, List<String> versions, String historyTable) throws SQLException {
		refuseNonTransactional(scripts, "the undo");
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				try (Statement jdbc = connection.createStatement()) {
					useDefaultSchema(jdbc);
					for (Script script : scripts) {
						for (SqlScript.Statement statement : script.statements()) {
							execute(jdbc, script, statement);
						}
					}
				}
				try (PreparedStatement delete = connection
					.prepareStatement("DELETE FROM " + historyTable + " WHERE version = ?")) {
					for (String version : versions) {
						delete.setString(1, version);
						delete.executeUpdate();
					}
				}
				connection.commit();
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
		}
	}

	private void useDefaultSchema(Statement jdbc) throws SQLException {
		if (this.defaultSchema != null) {
			jdbc.execute("SET LOCAL search_path TO " + quote(this.defaultSchema));
		}
	}

	private static long execute(Statement jdbc, Script script, SqlScript.Statement statement) {
		try {
			boolean resultSet = jdbc.execute(statement.sql());
			return (resultSet || !StatementEffect.changesRows(statement.sql())) ? -1 : jdbc.getUpdateCount();
		}
		catch (SQLException ex) {
			throw new MigrationException(script.name() + " line " + statement.line() + ": " + firstLine(ex.getMessage()), ex);
		}
	}

	private static String firstLine(@Nullable String message) {
		return (message != null) ? message.lines().findFirst().orElse(message) : "failed";
	}

	static String quote(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

	/**
	 * A script and its statements.
	 * @param name the file name
	 * @param statements its statements
	 */
	record Script(String name, List<SqlScript.Statement> statements) {
	}

}
