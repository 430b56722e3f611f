package dev.reactivedata.core.bulk;

import java.util.List;

/**
 * What an import did.
 *
 * @param inserted the number of rows inserted (0 after an all-or-nothing import that rejected a line)
 * @param rejectedCount the number of lines rejected
 * @param rejected the rejected lines, in order, at most {@link LineImporter#MAX_REPORTED_REJECTIONS}
 */
public record ImportReport(long inserted, long rejectedCount, List<RejectedLine> rejected) {

	/**
	 * Copies the list.
	 * @param inserted the rows inserted
	 * @param rejectedCount the lines rejected
	 * @param rejected the reported rejections
	 */
	public ImportReport {
		rejected = List.copyOf(rejected);
	}

	/**
	 * A line that did not parse or validate.
	 *
	 * @param line the 1-based line number in the input
	 * @param message why it was rejected
	 */
	public record RejectedLine(long line, String message) {
	}

}
