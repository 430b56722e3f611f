package dev.reactivedata.core.command;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.reactivedata.core.backup.BackupManifest;
import dev.reactivedata.core.backup.BackupMode;
import dev.reactivedata.core.backup.BackupOperations;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code db backup [--schema-only|--data-only] [--dir D]}.
 */
@Command(name = "backup", description = "Dumps the database with pg_dump -Fc and writes a JSON manifest beside it "
		+ "(time, server and migration versions, row counts of every table in the dump's snapshot, size, SHA-256).")
final class BackupCommand implements Callable<Integer> {

	@ParentCommand
	DbCommand db;

	@ArgGroup(exclusive = true)
	@Nullable Only only;

	@Option(names = "--dir", paramLabel = "D",
			description = "Directory of the backups (default: reactivedata.backup.directory, else ./backups).")
	@Nullable Path dir;

	static final class Only {

		@Option(names = "--schema-only", required = true, description = "Dump only the schema.")
		boolean schema;

		@Option(names = "--data-only", required = true, description = "Dump only the data.")
		boolean data;

	}

	@Override
	public Integer call() {
		Output output = this.db.output();
		OperationSettings settings = this.db.services().settings();
		BackupMode mode = (this.only == null) ? BackupMode.FULL
				: this.only.schema ? BackupMode.SCHEMA_ONLY : BackupMode.DATA_ONLY;
		Path directory = (this.dir != null) ? this.dir : settings.backupDirectory();
		BackupManifest manifest;
		try (Progress progress = Progress.start("backup", output)) {
			manifest = new BackupOperations(settings.owner()).backup(mode, directory, progress::update).block();
		}
		if (output.json()) {
			output.json(manifest);
		}
		else {
			long rows = manifest.rowCounts().values().stream().mapToLong(Long::longValue).sum();
			output.line("wrote " + directory.resolve(manifest.file()) + " (" + manifest.size() + " bytes, "
					+ manifest.rowCounts().size() + " tables, " + rows + " rows, sha256 " + manifest.sha256() + ")");
		}
		return DbCommandLine.OK;
	}

}
