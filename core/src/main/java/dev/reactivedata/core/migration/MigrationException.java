package dev.reactivedata.core.migration;

/**
 * A migration command refused to run (a statement that cannot run in a transaction, a missing undo script, no
 * writable location) or failed; the message is one line for an operator.
 */
public class MigrationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message the one-line explanation
	 */
	public MigrationException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with its cause.
	 * @param message the one-line explanation
	 * @param cause the cause
	 */
	public MigrationException(String message, Throwable cause) {
		super(message, cause);
	}

}
