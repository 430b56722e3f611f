package dev.reactivedata.core.pool;

import java.time.Duration;

/**
 * The database could not be reached (refused, restarting, shutting down, or connections dropped) when a
 * connection was acquired. The driver's error is the cause.
 */
public class DatabaseUnavailableException extends PoolUnavailableException {

	/**
	 * Creates the exception.
	 * @param message what happened
	 * @param cause the driver's error
	 * @param retryAfter when trying again is reasonable
	 */
	public DatabaseUnavailableException(String message, Throwable cause, Duration retryAfter) {
		super(message, cause, retryAfter);
	}

}
