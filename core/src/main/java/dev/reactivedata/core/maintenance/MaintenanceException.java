package dev.reactivedata.core.maintenance;

import org.jspecify.annotations.Nullable;

/**
 * A maintenance operation was refused or failed; the message is one line for the operator (an unknown table, a
 * {@code VACUUM FULL} that would lock a large table for long).
 */
public class MaintenanceException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what went wrong, one line
	 */
	public MaintenanceException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with its cause.
	 * @param message what went wrong, one line
	 * @param cause the cause
	 */
	public MaintenanceException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
