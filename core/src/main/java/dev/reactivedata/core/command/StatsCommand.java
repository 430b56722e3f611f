package dev.reactivedata.core.command;

import java.time.Instant;
import java.util.concurrent.Callable;

import dev.reactivedata.core.maintenance.DatabaseStats;
import dev.reactivedata.core.maintenance.MaintenanceOperations;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code db stats [--exact]}.
 */
@Command(name = "stats", description = "Database size and, per table: rows (estimated, or counted with --exact), "
		+ "table, index and TOAST sizes, index count, dead tuples, last vacuum and analyze.")
final class StatsCommand implements Callable<Integer> {

	@ParentCommand
	DbCommand db;

	@Option(names = "--exact", description = "Count every table's rows instead of taking the planner's estimate.")
	boolean exact;

	@Override
	public Integer call() {
		Output output = this.db.output();
		OperationSettings settings = this.db.services().settings();
		DatabaseStats stats = new MaintenanceOperations(settings.ownerDataSource(), settings.maintenanceOptions())
			.stats(this.exact)
			.block();
		if (output.json()) {
			output.json(stats);
			return DbCommandLine.OK;
		}
		output.line("database " + stats.database() + ": " + bytes(stats.size()) + ", " + stats.tables().size() + " tables");
		String format = "%-40s %12s %10s %10s %10s %7s %10s  %-20s %-20s";
		output.line(String.format(format, "table", this.exact ? "rows" : "rows (est.)", "table", "indexes", "toast",
				"indexes", "dead", "last vacuum", "last analyze"));
		for (DatabaseStats.Table table : stats.tables()) {
			output.line(String.format(format, table.table(), (table.rows() < 0) ? "?" : Long.toString(table.rows()),
					bytes(table.tableBytes()), bytes(table.indexBytes()), bytes(table.toastBytes()), table.indexes(),
					table.deadTuples(), time(table.lastVacuum()), time(table.lastAnalyze())));
		}
		return DbCommandLine.OK;
	}

	static String bytes(long bytes) {
		if (bytes < 1024) {
			return bytes + " B";
		}
		if (bytes < 1024 * 1024) {
			return String.format("%.1f kB", bytes / 1024.0);
		}
		if (bytes < 1024L * 1024 * 1024) {
			return String.format("%.1f MB", bytes / (1024.0 * 1024));
		}
		return String.format("%.2f GB", bytes / (1024.0 * 1024 * 1024));
	}

	private static String time(@Nullable Instant time) {
		return (time != null) ? time.toString().replace('T', ' ').replaceAll("\\.\\d+Z$", "Z") : "never";
	}

}
