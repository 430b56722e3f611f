package dev.reactivedata.core.command;

import java.util.List;
import java.util.concurrent.Callable;

import dev.reactivedata.core.maintenance.MaintenanceOperations;
import dev.reactivedata.core.maintenance.ViewRefresh;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code db views refresh [--concurrently]}.
 */
@Command(name = "views", description = "Materialized views.", subcommands = ViewsCommand.Refresh.class)
final class ViewsCommand implements Callable<Integer> {

	@ParentCommand
	DbCommand db;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		this.spec.commandLine().usage(this.db.output().err());
		return DbCommandLine.USAGE;
	}

	/**
	 * {@code db views refresh [--concurrently]}.
	 */
	@Command(name = "refresh", description = "Refreshes every materialized view of the application; with "
			+ "--concurrently, readers keep reading where a unique index allows it.")
	static final class Refresh implements Callable<Integer> {

		@ParentCommand
		ViewsCommand views;

		@Option(names = "--concurrently", description = "REFRESH MATERIALIZED VIEW CONCURRENTLY where possible.")
		boolean concurrently;

		@Override
		public Integer call() {
			Output output = this.views.db.output();
			OperationSettings settings = this.views.db.services().settings();
			List<ViewRefresh> refreshed = new MaintenanceOperations(settings.ownerDataSource(),
					settings.maintenanceOptions())
				.refreshMaterializedViews(this.concurrently)
				.block();
			if (output.json()) {
				output.json(refreshed);
			}
			else if (refreshed.isEmpty()) {
				output.line("no materialized views");
			}
			else {
				refreshed.forEach(view -> output.line("refreshed " + view.view()
						+ (view.concurrently() ? " concurrently" : "") + " in " + view.millis() + " ms"));
			}
			return DbCommandLine.OK;
		}

	}

}
