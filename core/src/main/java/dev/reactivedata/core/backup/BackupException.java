package dev.reactivedata.core.backup;

import org.jspecify.annotations.Nullable;

/**
 * A backup or restore was refused or failed; the message is one line an operator can act on (a missing tool and
 * how to install it, a corrupted file, a non-empty target, a missing database).
 */
public class BackupException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what went wrong, one line
	 */
	public BackupException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with its cause.
	 * @param message what went wrong, one line
	 * @param cause the cause
	 */
	public BackupException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
