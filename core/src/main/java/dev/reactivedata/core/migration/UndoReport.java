package dev.reactivedata.core.migration;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What {@code db undo} undid.
 * @param undone the undo scripts run, newest version first
 * @param current the application's version afterwards
 */
public record UndoReport(List<String> undone, @Nullable String current) {

	/** Copies the list. */
	public UndoReport {
		undone = List.copyOf(undone);
	}

}
