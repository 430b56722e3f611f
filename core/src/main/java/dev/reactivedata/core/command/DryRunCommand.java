package dev.reactivedata.core.command;

import java.util.concurrent.Callable;

import dev.reactivedata.core.migration.DryRunReport;
import dev.reactivedata.core.migration.DryRunStatement;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code db dry-run}.
 */
@Command(name = "dry-run", description = "Runs the pending migrations in one transaction, reports what each statement "
		+ "would do, then rolls back. Refuses, before running anything, statements that cannot run in a transaction.")
final class DryRunCommand implements Callable<Integer> {

	@ParentCommand
	DbCommand db;

	@Override
	public Integer call() {
		Output output = this.db.output();
		DryRunReport report = this.db.services().migrations().dryRun().block();
		if (output.json()) {
			output.json(report);
			return DbCommandLine.OK;
		}
		if (report.scripts().isEmpty()) {
			output.line("nothing pending");
			return DbCommandLine.OK;
		}
		for (DryRunStatement statement : report.statements()) {
			String rows = (statement.rows() < 0) ? "" : "  (" + statement.rows() + " rows)";
			output.line(statement.script() + ":" + statement.line() + "  " + statement.effect() + rows);
		}
		output.line("rolled back: " + report.scripts().size() + " migrations, " + report.statements().size()
				+ " statements, nothing changed");
		return DbCommandLine.OK;
	}

}
