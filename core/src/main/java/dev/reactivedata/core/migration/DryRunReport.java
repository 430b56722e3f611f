package dev.reactivedata.core.migration;

import java.util.List;

/**
 * The result of a dry run: every statement of the pending migrations, run in one transaction that was then
 * rolled back.
 * @param scripts the pending scripts, in the order they ran
 * @param statements the statements, in the order they ran
 */
public record DryRunReport(List<String> scripts, List<DryRunStatement> statements) {

	/** Copies the lists. */
	public DryRunReport {
		scripts = List.copyOf(scripts);
		statements = List.copyOf(statements);
	}

}
