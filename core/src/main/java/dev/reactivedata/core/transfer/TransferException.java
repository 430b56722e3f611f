package dev.reactivedata.core.transfer;

import org.jspecify.annotations.Nullable;

/**
 * An export or import was refused or failed; the message is one line for the operator (unknown table or column,
 * unwritable file, a table whose row-level security binds the exporting role).
 */
public class TransferException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what went wrong, one line
	 */
	public TransferException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with its cause.
	 * @param message what went wrong, one line
	 * @param cause the cause
	 */
	public TransferException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
