package dev.reactivedata.core.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.reactivedata.core.maintenance.MaintenanceOperations;
import dev.reactivedata.core.maintenance.VacuumProgress;
import dev.reactivedata.core.maintenance.VacuumReport;
import dev.reactivedata.core.maintenance.VacuumRequest;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code db vacuum [--table T]… [--full] [--analyze] [--bloat-over PERCENT] [--yes]}.
 */
@Command(name = "vacuum", description = "Vacuums tables outside transactions, showing PostgreSQL's progress. "
		+ "Refuses --full on a table it would lock for longer than reactivedata.maintenance.full-vacuum-lock-limit "
		+ "(estimated from its size) without --yes.")
final class VacuumCommand implements Callable<Integer> {

	@ParentCommand
	DbCommand db;

	@Option(names = "--table", paramLabel = "T", description = "A table to vacuum (repeatable; default: all).")
	List<String> tables = new ArrayList<>();

	@Option(names = "--full", description = "Rewrite the tables (VACUUM FULL): gives space back, locks each table.")
	boolean full;

	@Option(names = "--analyze", description = "Also analyze them.")
	boolean analyze;

	@Option(names = "--bloat-over", paramLabel = "PERCENT",
			description = "Only tables whose dead tuples exceed PERCENT of their tuples.")
	@Nullable Double bloatOver;

	@Option(names = "--yes", description = "Confirm a VACUUM FULL that locks a large table for long.")
	boolean yes;

	@Override
	public Integer call() {
		Output output = this.db.output();
		if (this.bloatOver != null && (this.bloatOver < 0 || this.bloatOver > 100)) {
			throw new CommandException("--bloat-over must be a percentage between 0 and 100");
		}
		OperationSettings settings = this.db.services().settings();
		MaintenanceOperations operations = new MaintenanceOperations(settings.ownerDataSource(), settings.maintenanceOptions());
		VacuumRequest request = new VacuumRequest(this.tables, this.full, this.analyze, this.bloatOver, this.yes);
		VacuumReport report;
		try (TableProgress progress = new TableProgress(output)) {
			report = operations.vacuum(request, progress::update).block();
		}
		if (output.json()) {
			output.json(report);
		}
		else if (report.tables().isEmpty()) {
			output.line("nothing to vacuum" + ((this.bloatOver != null) ? ": no table over " + this.bloatOver + "% bloat" : ""));
		}
		else {
			for (VacuumReport.Table table : report.tables()) {
				output.line(String.format("%-40s %10s -> %10s  %8d dead tuples before  %6d ms", table.table(),
						StatsCommand.bytes(table.bytesBefore()), StatsCommand.bytes(table.bytesAfter()),
						table.deadTuplesBefore(), table.millis()));
			}
			output.line("vacuumed" + (report.full() ? " (full)" : "") + (report.analyzed() ? " and analyzed" : "") + " "
					+ report.tables().size() + " tables");
		}
		return DbCommandLine.OK;
	}

	/**
	 * One progress bar (or progress lines) per table.
	 */
	private static final class TableProgress implements AutoCloseable {

		private final Output output;

		private @Nullable Progress current;

		private int index;

		TableProgress(Output output) {
			this.output = output;
		}

		synchronized void update(VacuumProgress progress) {
			if (progress.index() != this.index || this.current == null) {
				close();
				this.index = progress.index();
				this.current = Progress.start("vacuum " + progress.table() + " (" + progress.index() + "/"
						+ progress.tables() + ")", this.output);
			}
			this.current.update(progress.blocksDone(), progress.blocksTotal());
		}

		@Override
		public synchronized void close() {
			if (this.current != null) {
				this.current.close();
				this.current = null;
			}
		}

	}

}
