package dev.reactivedata.core.command;

import java.util.concurrent.Callable;

import dev.reactivedata.core.migration.UndoReport;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code db undo [--to VERSION]}.
 */
@Command(name = "undo", description = "Runs the application's U<version>__*.sql undo scripts for the newest applied "
		+ "versions, newest first, in one transaction, and removes them from the history. Refuses when one is missing.")
final class UndoCommand implements Callable<Integer> {

	@ParentCommand
	DbCommand db;

	@Option(names = "--to", paramLabel = "VERSION",
			description = "Undo every applied version newer than this one (default: only the newest).")
	@Nullable String to;

	@Override
	public Integer call() {
		Output output = this.db.output();
		UndoReport report = this.db.services().migrations().undo(this.to).block();
		if (output.json()) {
			output.json(report);
		}
		else if (report.undone().isEmpty()) {
			output.line("nothing to undo; application at " + report.current());
		}
		else {
			report.undone().forEach(script -> output.line("undone: " + script));
			output.line("application now at " + ((report.current() != null) ? report.current() : "no version"));
		}
		return DbCommandLine.OK;
	}

}
