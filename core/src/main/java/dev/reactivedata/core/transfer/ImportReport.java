package dev.reactivedata.core.transfer;

import java.util.List;

/**
 * What {@code db import} did, like the HTTP import: {@code {inserted, rejected:[{line, message}]}}.
 * @param table the table, {@code schema.table}
 * @param inserted the rows inserted (0 when atomic and any line was rejected)
 * @param rejected the lines rejected, in order
 */
public record ImportReport(String table, long inserted, List<Rejected> rejected) {

	/**
	 * Copies the rejected lines.
	 * @param table the table
	 * @param inserted the rows inserted
	 * @param rejected the rejected lines
	 */
	public ImportReport {
		rejected = List.copyOf(rejected);
	}

	/**
	 * A rejected line of the file.
	 * @param line its number, from 1 (the line a CSV record starts on)
	 * @param message why, one line
	 */
	public record Rejected(long line, String message) {
	}

}
