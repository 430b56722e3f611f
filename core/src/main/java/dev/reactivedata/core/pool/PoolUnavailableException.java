package dev.reactivedata.core.pool;

import java.time.Duration;

import org.springframework.dao.TransientDataAccessResourceException;

/**
 * No connection could be handed out right now; trying again later may succeed. The root of the pool's errors,
 * each carrying a hint of when to try again (for a {@code Retry-After} header).
 */
public abstract class PoolUnavailableException extends TransientDataAccessResourceException {

	private final Duration retryAfter;

	/**
	 * Creates the exception.
	 * @param message what happened
	 * @param cause the underlying error
	 * @param retryAfter when trying again is reasonable
	 */
	protected PoolUnavailableException(String message, Throwable cause, Duration retryAfter) {
		super(message, cause);
		this.retryAfter = retryAfter;
	}

	/** @return when trying again is reasonable */
	public Duration getRetryAfter() {
		return this.retryAfter;
	}

}
