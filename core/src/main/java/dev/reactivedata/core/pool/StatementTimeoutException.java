package dev.reactivedata.core.pool;

import java.time.Duration;

/**
 * A statement got neither a row nor its row count from the server within its {@link StatementTimeout}: it was
 * cancelled and its connection discarded. The database may be overloaded or a backend half-dead; trying again
 * later, on another connection, may succeed.
 */
public class StatementTimeoutException extends PoolUnavailableException {

	/**
	 * Creates the exception.
	 * @param message what happened
	 * @param cause the driver's error once the connection was closed
	 * @param retryAfter when trying again is reasonable
	 */
	public StatementTimeoutException(String message, Throwable cause, Duration retryAfter) {
		super(message, cause, retryAfter);
	}

}
