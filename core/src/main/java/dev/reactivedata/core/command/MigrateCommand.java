package dev.reactivedata.core.command;

import java.util.concurrent.Callable;

import dev.reactivedata.core.migration.MigrateReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code db migrate}.
 */
@Command(name = "migrate", description = "Applies pending migrations: the library's (own history table), then the application's.")
final class MigrateCommand implements Callable<Integer> {

	@ParentCommand
	DbCommand db;

	@Override
	public Integer call() {
		Output output = this.db.output();
		MigrateReport report = this.db.services().migrations().migrate().block();
		if (output.json()) {
			output.json(report);
		}
		else {
			output.line("library: " + report.libraryApplied() + " applied, now at " + report.libraryVersion());
			output.line("application: " + report.applicationApplied() + " applied, now at " + report.applicationVersion());
		}
		return DbCommandLine.OK;
	}

}
