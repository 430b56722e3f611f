package dev.reactivedata.core.pool;

import java.time.Duration;
import java.util.List;

/**
 * Every connection of the pool stayed in use for the whole acquire timeout. The message lists the connections
 * held longest and where they were acquired; {@link #getHolders()} gives the same as data.
 */
public class PoolExhaustedException extends PoolUnavailableException {

	private final List<HeldConnection> holders;

	/**
	 * Creates the exception.
	 * @param message what happened, with the holders
	 * @param cause the timeout
	 * @param retryAfter when trying again is reasonable
	 * @param holders the connections in use when the acquire timed out, longest held first
	 */
	public PoolExhaustedException(String message, Throwable cause, Duration retryAfter, List<HeldConnection> holders) {
		super(message, cause, retryAfter);
		this.holders = List.copyOf(holders);
	}

	/** @return the connections in use when the acquire timed out, longest held first */
	public List<HeldConnection> getHolders() {
		return this.holders;
	}

}
