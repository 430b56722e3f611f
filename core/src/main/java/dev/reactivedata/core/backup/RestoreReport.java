package dev.reactivedata.core.backup;

import java.util.List;

/**
 * What {@code db restore} did.
 * @param file the dump restored
 * @param target the database restored into
 * @param verified whether the checksum was checked before and the row counts compared after
 * @param tables the tables whose rows were compared
 * @param differences the tables whose row count differs from the manifest; empty when it matched or was not
 * compared
 */
public record RestoreReport(String file, String target, boolean verified, int tables, List<RowCountDifference> differences) {

	/**
	 * Copies the differences.
	 * @param file the dump restored
	 * @param target the database restored into
	 * @param verified whether it was verified
	 * @param tables the tables compared
	 * @param differences the differing tables
	 */
	public RestoreReport {
		differences = List.copyOf(differences);
	}

	/**
	 * @return {@code true} when every compared table has the manifest's row count
	 */
	public boolean matches() {
		return this.differences.isEmpty();
	}

	/**
	 * A table whose restored row count differs from the manifest.
	 * @param table the table, {@code schema.table}
	 * @param expected the manifest's count
	 * @param actual the count in the target, {@code -1} when the table is missing there
	 */
	public record RowCountDifference(String table, long expected, long actual) {
	}

}
