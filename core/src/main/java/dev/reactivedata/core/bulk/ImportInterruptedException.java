package dev.reactivedata.core.bulk;

import org.springframework.dao.TransientDataAccessException;

/**
 * A non-atomic import stopped part-way because writing failed (the database went away, a statement timed out):
 * the chunks written before stay committed. Carries what was committed and where to resume.
 */
public class ImportInterruptedException extends TransientDataAccessException {

	private final ImportReport committed;

	private final long firstUnprocessedLine;

	/**
	 * Creates the exception.
	 * @param message what happened
	 * @param committed the rows committed and the lines rejected before the failure
	 * @param firstUnprocessedLine the 1-based line to resume from: every line before it was committed or rejected
	 * @param cause the writer's error
	 */
	public ImportInterruptedException(String message, ImportReport committed, long firstUnprocessedLine,
			Throwable cause) {
		super(message, cause);
		this.committed = committed;
		this.firstUnprocessedLine = firstUnprocessedLine;
	}

	/** @return the rows committed and the lines rejected before the failure */
	public ImportReport getCommitted() {
		return this.committed;
	}

	/** @return the 1-based line to resume from */
	public long getFirstUnprocessedLine() {
		return this.firstUnprocessedLine;
	}

}
