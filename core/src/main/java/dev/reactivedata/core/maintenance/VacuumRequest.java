package dev.reactivedata.core.maintenance;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What {@code db vacuum} should vacuum and how.
 * @param tables the tables ({@code table} or {@code schema.table}); empty for every table of the database, or for
 * those over {@code bloatOverPercent}
 * @param full whether to rewrite the tables ({@code VACUUM FULL}, an exclusive lock)
 * @param analyze whether to analyze them too
 * @param bloatOverPercent only the tables whose dead tuples exceed this percentage of their tuples, or {@code null}
 * @param lockConfirmed whether a {@code VACUUM FULL} may lock a table longer than the options' limit
 */
public record VacuumRequest(List<String> tables, boolean full, boolean analyze, @Nullable Double bloatOverPercent,
		boolean lockConfirmed) {

	/**
	 * Checks the request.
	 * @param tables the tables
	 * @param full whether to rewrite
	 * @param analyze whether to analyze
	 * @param bloatOverPercent the bloat threshold
	 * @param lockConfirmed whether long locks are confirmed
	 */
	public VacuumRequest {
		tables = List.copyOf(Objects.requireNonNull(tables, "tables must not be null"));
		if (bloatOverPercent != null && (bloatOverPercent < 0 || bloatOverPercent > 100)) {
			throw new IllegalArgumentException("bloatOverPercent must be between 0 and 100");
		}
	}

}
