package dev.reactivedata.core.command;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.reactivedata.core.transfer.ImportReport;
import dev.reactivedata.core.transfer.TableTransferOperations;
import dev.reactivedata.core.transfer.TransferFormat;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code db import <table> <file> [--tenant ID] [--atomic]}.
 */
@Command(name = "import", description = "Imports a CSV file with a header line (or NDJSON: .ndjson, .jsonl, .json) "
		+ "into a table as the application's role, through a staging table so that row-level security applies; "
		+ "reports rejected lines with their numbers and exits 1 when there are any.")
final class ImportCommand implements Callable<Integer> {

	@ParentCommand
	DbCommand db;

	@Parameters(index = "0", paramLabel = "<table>", description = "The table, or schema.table.")
	String table;

	@Parameters(index = "1", paramLabel = "<file>", description = "The file.")
	Path file;

	@Option(names = "--tenant", paramLabel = "ID", description = "The tenant to bind for row-level security.")
	@Nullable String tenant;

	@Option(names = "--atomic", description = "Insert nothing when any line is rejected.")
	boolean atomic;

	@Override
	public Integer call() {
		Output output = this.db.output();
		OperationSettings settings = this.db.services().settings();
		TableTransferOperations operations = new TableTransferOperations(settings.ownerDataSource(),
				settings.applicationDataSource(), settings.tenantSetting());
		ImportReport report;
		try (Progress progress = Progress.start("import", output)) {
			report = operations.importFile(this.table, this.file, TransferFormat.of(this.file), this.tenant, this.atomic,
					progress::update).block();
		}
		if (output.json()) {
			output.json(report);
		}
		else {
			report.rejected().forEach(rejected -> output.line("line " + rejected.line() + ": " + rejected.message()));
			output.line("inserted " + report.inserted() + " rows into " + report.table() + ", rejected "
					+ report.rejected().size() + " lines" + ((this.atomic && !report.rejected().isEmpty())
							? " (atomic: nothing inserted)" : ""));
		}
		return report.rejected().isEmpty() ? DbCommandLine.OK : DbCommandLine.FAILED;
	}

}
