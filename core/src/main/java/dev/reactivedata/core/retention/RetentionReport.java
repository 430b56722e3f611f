package dev.reactivedata.core.retention;

import java.time.Instant;
import java.util.List;

/**
 * What a retention run deleted (or, in a dry run, would delete), per table.
 * @param dryRun whether nothing was deleted
 * @param tables the tables, in the order they were processed
 */
public record RetentionReport(boolean dryRun, List<TableResult> tables) {

	/** Copies the list. */
	public RetentionReport {
		tables = List.copyOf(tables);
	}

	/**
	 * Adds up the rows of every table.
	 * @return the total
	 */
	public long total() {
		return this.tables.stream().mapToLong(TableResult::rows).sum();
	}

	/**
	 * One table's share of a run.
	 * @param table the table's name
	 * @param kind audit entries or soft-deleted rows
	 * @param cutoff rows older than this were deleted
	 * @param rows the rows deleted (or, in a dry run, that would be)
	 * @param batches the delete statements run (0 in a dry run)
	 */
	public record TableResult(String table, RetentionTable.Kind kind, Instant cutoff, long rows, long batches) {
	}

}
