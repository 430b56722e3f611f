package dev.reactivedata.core.seed;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rows per table that a seeder created or removed.
 * @param rows the row counts by table, in the order they were reported
 */
public record SeedCounts(Map<String, Long> rows) {

	/** Copies the map, keeping its order. */
	public SeedCounts {
		rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
	}

	/**
	 * Returns no rows.
	 * @return empty counts
	 */
	public static SeedCounts none() {
		return new SeedCounts(Map.of());
	}

	/**
	 * Returns these counts with one table's added.
	 * @param table the table
	 * @param count its rows
	 * @return new counts
	 */
	public SeedCounts with(String table, long count) {
		Map<String, Long> rows = new LinkedHashMap<>(this.rows);
		rows.merge(table, count, Long::sum);
		return new SeedCounts(rows);
	}

	/**
	 * Returns these counts and others added up.
	 * @param other the other counts
	 * @return new counts
	 */
	public SeedCounts plus(SeedCounts other) {
		SeedCounts sum = this;
		for (Map.Entry<String, Long> entry : other.rows().entrySet()) {
			sum = sum.with(entry.getKey(), entry.getValue());
		}
		return sum;
	}

	/**
	 * Adds up the rows of every table.
	 * @return the total
	 */
	public long total() {
		return this.rows.values().stream().mapToLong(Long::longValue).sum();
	}

}
