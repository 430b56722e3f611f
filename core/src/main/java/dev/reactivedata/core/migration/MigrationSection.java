package dev.reactivedata.core.migration;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The migrations of one history table: the library's or the application's.
 * @param name {@code library} or {@code application}
 * @param historyTable the Flyway history table
 * @param current the current (highest applied) version, {@code null} when nothing is applied
 * @param applied the applied migrations, oldest first
 * @param pending the migrations not applied yet, in the order they would run
 */
public record MigrationSection(String name, String historyTable, @Nullable String current, List<MigrationEntry> applied,
		List<MigrationEntry> pending) {

	/** Copies the lists. */
	public MigrationSection {
		applied = List.copyOf(applied);
		pending = List.copyOf(pending);
	}

}
