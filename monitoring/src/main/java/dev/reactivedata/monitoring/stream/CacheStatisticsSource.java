package dev.reactivedata.monitoring.stream;

import java.util.Objects;

/**
 * How the monitoring module reads a cache's statistics without depending on the cache module. The cache module owns
 * the model (its {@code CacheStatistics} and {@code CircuitState}); when both modules are on the class path, the
 * cache's auto-configuration adapts its totals to this interface and exposes the adapter as a bean. Without one,
 * snapshots carry {@link Reading#UNAVAILABLE}: zero counters, a {@code null} hit ratio and an {@code UNKNOWN}
 * circuit.
 * <p>
 * Implementations must read in-memory counters only (no Redis call): this runs on every stream tick.
 */
@FunctionalInterface
public interface CacheStatisticsSource {

	/** A source for applications without a cache. */
	CacheStatisticsSource NONE = () -> Reading.UNAVAILABLE;

	/**
	 * Reads the cumulative counters and the circuit state.
	 * @return the counters now
	 */
	Reading read();

	/**
	 * Cumulative cache counters since start, and the circuit state now, as the monitoring module reads them.
	 *
	 * @param hits cache gets that found a value
	 * @param misses cache gets that did not
	 * @param errors cache operations that failed (timeouts, connection errors)
	 * @param circuit the name of the cache's circuit breaker state ({@code CLOSED}, {@code HALF_OPEN} or
	 * {@code OPEN}), or {@value #UNKNOWN_CIRCUIT} when no cache is wired
	 */
	record Reading(long hits, long misses, long errors, String circuit) {

		/** The circuit state name of a cache whose circuit is open: reads bypass Redis. */
		public static final String OPEN_CIRCUIT = "OPEN";

		/** The circuit state name reported when no cache is wired. */
		public static final String UNKNOWN_CIRCUIT = "UNKNOWN";

		/** What is reported when no cache is wired: zero counters and an {@value #UNKNOWN_CIRCUIT} circuit. */
		public static final Reading UNAVAILABLE = new Reading(0, 0, 0, UNKNOWN_CIRCUIT);

		/**
		 * Validates the counters.
		 * @param hits cache hits
		 * @param misses cache misses
		 * @param errors cache errors
		 * @param circuit the circuit state name
		 */
		public Reading {
			Objects.requireNonNull(circuit, "circuit must not be null");
			if (hits < 0 || misses < 0 || errors < 0) {
				throw new IllegalArgumentException("cache counters must not be negative");
			}
		}

		/**
		 * Returns whether the cache's circuit is open: reads bypass Redis.
		 * @return {@code true} when the circuit is {@value #OPEN_CIRCUIT}
		 */
		public boolean circuitOpen() {
			return OPEN_CIRCUIT.equals(this.circuit);
		}

		/**
		 * Returns whether a cache is wired at all.
		 * @return {@code false} when the circuit is {@value #UNKNOWN_CIRCUIT}
		 */
		public boolean available() {
			return !UNKNOWN_CIRCUIT.equals(this.circuit);
		}

	}

}
