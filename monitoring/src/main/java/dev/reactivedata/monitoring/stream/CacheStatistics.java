package dev.reactivedata.monitoring.stream;

import java.util.Objects;

/**
 * Cumulative cache counters since start, and the circuit state now.
 *
 * @param hits cache gets that found a value
 * @param misses cache gets that did not
 * @param errors cache operations that failed (timeouts, connection errors)
 * @param circuit the circuit breaker's state
 */
public record CacheStatistics(long hits, long misses, long errors, CircuitState circuit) {

	/** What is reported when no cache is wired: zero counters and an {@link CircuitState#UNKNOWN} circuit. */
	public static final CacheStatistics UNAVAILABLE = new CacheStatistics(0, 0, 0, CircuitState.UNKNOWN);

	/**
	 * Validates the counters.
	 * @param hits cache hits
	 * @param misses cache misses
	 * @param errors cache errors
	 * @param circuit the circuit state
	 */
	public CacheStatistics {
		Objects.requireNonNull(circuit, "circuit must not be null");
		if (hits < 0 || misses < 0 || errors < 0) {
			throw new IllegalArgumentException("cache counters must not be negative");
		}
	}

}
