package dev.reactivedata.core.command;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.reactivedata.core.backup.BackupManifest;
import dev.reactivedata.core.backup.BackupOperations;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code db backups [--dir D]} and {@code db backups prune --keep N}.
 */
@Command(name = "backups", description = "Lists the backups of a directory, newest first.",
		subcommands = BackupsCommand.Prune.class)
final class BackupsCommand implements Callable<Integer> {

	@ParentCommand
	DbCommand db;

	@Option(names = "--dir", paramLabel = "D", scope = ScopeType.INHERIT,
			description = "Directory of the backups (default: reactivedata.backup.directory, else ./backups).")
	@Nullable Path dir;

	@Override
	public Integer call() {
		Output output = this.db.output();
		Path directory = directory();
		List<BackupManifest> backups = operations().list(directory).block();
		if (output.json()) {
			output.json(backups);
			return DbCommandLine.OK;
		}
		if (backups.isEmpty()) {
			output.line("no backups in " + directory);
		}
		String format = "%-50s %-24s %-11s %12s %8s  %s";
		if (!backups.isEmpty()) {
			output.line(String.format(format, "file", "created", "mode", "bytes", "tables", "migrations"));
		}
		for (BackupManifest backup : backups) {
			output.line(String.format(format, backup.file(), backup.createdAt(), backup.mode().name().toLowerCase(),
					backup.size(), backup.rowCounts().size(),
					"library " + backup.libraryVersion() + ", application " + backup.applicationVersion()));
		}
		return DbCommandLine.OK;
	}

	Path directory() {
		return (this.dir != null) ? this.dir : this.db.services().settings().backupDirectory();
	}

	BackupOperations operations() {
		return new BackupOperations(this.db.services().settings().owner());
	}

	/**
	 * {@code db backups prune --keep N}.
	 */
	@Command(name = "prune", description = "Deletes all but the newest N backups (dump and manifest).")
	static final class Prune implements Callable<Integer> {

		@ParentCommand
		BackupsCommand backups;

		@Option(names = "--keep", required = true, paramLabel = "N", description = "How many of the newest to keep.")
		int keep;

		@Override
		public Integer call() {
			Output output = this.backups.db.output();
			if (this.keep < 0) {
				throw new CommandException("--keep must not be negative");
			}
			List<BackupManifest> deleted = this.backups.operations().prune(this.backups.directory(), this.keep).block();
			if (output.json()) {
				output.json(deleted.stream().map(BackupManifest::file).toList());
			}
			else {
				deleted.forEach(backup -> output.line("deleted " + backup.file()));
				output.line(deleted.size() + " deleted, " + this.keep + " kept at most");
			}
			return DbCommandLine.OK;
		}

	}

}
