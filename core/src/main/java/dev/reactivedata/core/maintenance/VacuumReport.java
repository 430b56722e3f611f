package dev.reactivedata.core.maintenance;

import java.util.List;

/**
 * What {@code db vacuum} did.
 * @param full whether the tables were rewritten
 * @param analyzed whether they were analyzed
 * @param tables every table vacuumed, in order
 */
public record VacuumReport(boolean full, boolean analyzed, List<Table> tables) {

	/**
	 * Copies the tables.
	 * @param full whether the tables were rewritten
	 * @param analyzed whether they were analyzed
	 * @param tables the tables
	 */
	public VacuumReport {
		tables = List.copyOf(tables);
	}

	/**
	 * One table vacuumed.
	 * @param table {@code schema.table}
	 * @param bytesBefore its total size before
	 * @param bytesAfter its total size after
	 * @param deadTuplesBefore its dead tuples before, from the statistics
	 * @param millis how long it took
	 */
	public record Table(String table, long bytesBefore, long bytesAfter, long deadTuplesBefore, long millis) {
	}

}
