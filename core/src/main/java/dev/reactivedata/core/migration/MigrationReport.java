package dev.reactivedata.core.migration;

import java.util.List;

/**
 * What {@code db info} and {@code db validate} report: the library's section, the application's section and
 * the problems found in either.
 * @param library the library's migrations ({@link LibraryMigrations#HISTORY_TABLE})
 * @param application the application's migrations
 * @param problems the problems, empty when validation passes
 */
public record MigrationReport(MigrationSection library, MigrationSection application, List<MigrationProblem> problems) {

	/** Copies the list. */
	public MigrationReport {
		problems = List.copyOf(problems);
	}

	/**
	 * Tells whether validation passes.
	 * @return {@code true} when there are no problems
	 */
	public boolean valid() {
		return this.problems.isEmpty();
	}

}
