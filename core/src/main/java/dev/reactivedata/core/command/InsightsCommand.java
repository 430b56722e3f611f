package dev.reactivedata.core.command;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code db insights}: the PostgreSQL insights report with its recommendations (DESIGN §5), from the
 * {@link DatabaseReport} that the monitoring module contributes.
 */
@Command(name = "insights", description = "Prints the PostgreSQL insights report (indexes, bloat, cache hit ratio, "
		+ "blocking and long-running queries, vacuum, sizes, top queries) with its recommendations; exits 1 when one "
		+ "is critical. Needs reactivedata-monitoring on the class path.")
final class InsightsCommand implements Callable<Integer> {

	@ParentCommand
	DbCommand db;

	@Override
	public Integer call() {
		return print(this.db.services().report(DatabaseReport.INSIGHTS));
	}

	private <R> Integer print(DatabaseReport<R> source) {
		Output output = this.db.output();
		R report = source.generate().block();
		if (output.json()) {
			output.json(report);
		}
		else {
			source.describe(report).forEach(output::line);
		}
		return source.failed(report) ? DbCommandLine.FAILED : DbCommandLine.OK;
	}

}
