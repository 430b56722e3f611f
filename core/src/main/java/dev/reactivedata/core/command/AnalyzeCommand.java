package dev.reactivedata.core.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.reactivedata.core.maintenance.MaintenanceOperations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code db analyze [--table T]…}.
 */
@Command(name = "analyze", description = "Updates the planner's statistics of tables (default: all).")
final class AnalyzeCommand implements Callable<Integer> {

	@ParentCommand
	DbCommand db;

	@Option(names = "--table", paramLabel = "T", description = "A table to analyze (repeatable; default: all).")
	List<String> tables = new ArrayList<>();

	@Override
	public Integer call() {
		Output output = this.db.output();
		OperationSettings settings = this.db.services().settings();
		List<String> analyzed = new MaintenanceOperations(settings.ownerDataSource(), settings.maintenanceOptions())
			.analyze(this.tables)
			.block();
		if (output.json()) {
			output.json(analyzed);
		}
		else {
			analyzed.forEach(table -> output.line("analyzed " + table));
		}
		return DbCommandLine.OK;
	}

}
