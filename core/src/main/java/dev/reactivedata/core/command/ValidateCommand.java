package dev.reactivedata.core.command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.reactivedata.core.migration.MigrationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code db validate}.
 */
@Command(name = "validate", description = "Checks the migrations; exits 1 naming each problem: checksum changed, "
		+ "applied file missing, duplicate version, pending older than the current version.")
final class ValidateCommand implements Callable<Integer> {

	@ParentCommand
	DbCommand db;

	@Override
	public Integer call() {
		Output output = this.db.output();
		MigrationReport report = this.db.services().migrations().info().block();
		if (output.json()) {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("valid", report.valid());
			json.put("problems", report.problems());
			output.json(json);
		}
		else if (report.valid()) {
			output.line("valid: library at " + report.library().current() + ", application at "
					+ report.application().current() + ", " + report.application().pending().size() + " pending");
		}
		else {
			InfoCommand.printProblems(output, report);
		}
		return report.valid() ? DbCommandLine.OK : DbCommandLine.FAILED;
	}

}
