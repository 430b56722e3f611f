package dev.reactivedata.core.maintenance;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Sizes and statistics of a database and its tables ({@code db stats}).
 * @param database the database
 * @param size its size in bytes
 * @param exact whether the tables' rows were counted rather than estimated
 * @param tables its tables, largest first
 */
public record DatabaseStats(String database, long size, boolean exact, List<Table> tables) {

	/**
	 * Copies the tables.
	 * @param database the database
	 * @param size its size
	 * @param exact whether rows were counted
	 * @param tables the tables
	 */
	public DatabaseStats {
		tables = List.copyOf(tables);
	}

	/**
	 * One table's statistics.
	 * @param table {@code schema.table}
	 * @param rows the rows: the planner's estimate ({@code -1} before the first analyze), counted when exact
	 * @param tableBytes the heap's size
	 * @param indexBytes the size of its indexes
	 * @param toastBytes the size of its TOAST table and index
	 * @param indexes how many indexes it has
	 * @param deadTuples its dead tuples
	 * @param lastVacuum the last vacuum, manual or automatic, or {@code null}
	 * @param lastAnalyze the last analyze, manual or automatic, or {@code null}
	 */
	public record Table(String table, long rows, long tableBytes, long indexBytes, long toastBytes, int indexes,
			long deadTuples, @Nullable Instant lastVacuum, @Nullable Instant lastAnalyze) {
	}

}
