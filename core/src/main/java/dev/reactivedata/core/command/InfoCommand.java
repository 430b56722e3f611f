package dev.reactivedata.core.command;

import java.util.concurrent.Callable;

import dev.reactivedata.core.migration.MigrationEntry;
import dev.reactivedata.core.migration.MigrationProblem;
import dev.reactivedata.core.migration.MigrationReport;
import dev.reactivedata.core.migration.MigrationSection;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code db info}.
 */
@Command(name = "info", description = "Lists applied and pending migrations of the library and the application: "
		+ "version, description, type, installed-on, checksum state.")
final class InfoCommand implements Callable<Integer> {

	@ParentCommand
	DbCommand db;

	@Override
	public Integer call() {
		Output output = this.db.output();
		MigrationReport report = this.db.services().migrations().info().block();
		if (output.json()) {
			output.json(report);
		}
		else {
			print(output, report.library());
			output.line("");
			print(output, report.application());
			printProblems(output, report);
		}
		return DbCommandLine.OK;
	}

	static void print(Output output, MigrationSection section) {
		output.line(section.name() + " (" + section.historyTable() + "), current version: "
				+ ((section.current() != null) ? section.current() : "none"));
		String format = "  %-10s %-40s %-9s %-20s %-8s %s";
		output.line(String.format(format, "version", "description", "type", "installed on", "checksum", "state"));
		for (MigrationEntry entry : section.applied()) {
			output.line(row(format, entry));
		}
		for (MigrationEntry entry : section.pending()) {
			output.line(row(format, entry));
		}
	}

	static void printProblems(Output output, MigrationReport report) {
		for (MigrationProblem problem : report.problems()) {
			output.line(problem.section() + ": " + problem.kind().name().toLowerCase().replace('_', ' ') + ": "
					+ problem.message());
		}
	}

	private static String row(String format, MigrationEntry entry) {
		String installed = (entry.installedOn() != null) ? entry.installedOn().toString().replace('T', ' ').replaceAll("\\.\\d+Z$", "Z") : "";
		return String.format(format, (entry.version() != null) ? entry.version() : "",
				abbreviate(entry.description(), 40), entry.type(), installed,
				entry.installedOn() == null ? "" : (entry.checksumOk() ? "ok" : "CHANGED"), entry.state());
	}

	private static String abbreviate(String text, int length) {
		return (text.length() <= length) ? text : text.substring(0, length - 1) + "…";
	}

}
