package dev.reactivedata.core.command;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.reactivedata.core.backup.BackupOperations;
import dev.reactivedata.core.backup.RestoreReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code db restore <file> --target <database> [--verify] [--clean]}.
 */
@Command(name = "restore", description = "Restores a backup with pg_restore into a database of the same server, in "
		+ "one transaction. Refuses a missing target and a non-empty one without --clean.")
final class RestoreCommand implements Callable<Integer> {

	@ParentCommand
	DbCommand db;

	@Parameters(index = "0", paramLabel = "<file>", description = "The .dump file.")
	Path file;

	@Option(names = "--target", required = true, paramLabel = "<database>", description = "The database to restore into.")
	String target;

	@Option(names = "--verify", description = "Check the SHA-256 against the manifest before, and every table's row "
			+ "count after; exit 1 on any difference.")
	boolean verify;

	@Option(names = "--clean", description = "Drop and recreate the backup's objects in a non-empty target.")
	boolean clean;

	@Override
	public Integer call() {
		Output output = this.db.output();
		BackupOperations operations = new BackupOperations(this.db.services().settings().owner());
		RestoreReport report;
		try (Progress progress = Progress.start("restore", output)) {
			report = operations.restore(this.file, this.target, this.verify, this.clean, progress::update).block();
		}
		if (output.json()) {
			output.json(report);
		}
		else {
			output.line("restored " + report.file() + " into " + report.target());
			if (report.verified()) {
				report.differences().forEach(difference -> output.line("row count differs: " + difference.table()
						+ ": manifest " + difference.expected() + ", restored "
						+ ((difference.actual() < 0) ? "no table" : difference.actual())));
				output.line(report.matches() ? "verified: checksum and row counts of " + report.tables() + " tables match"
						: "verification failed: " + report.differences().size() + " of " + report.tables()
								+ " tables differ");
			}
		}
		return report.matches() ? DbCommandLine.OK : DbCommandLine.FAILED;
	}

}
