package dev.reactivedata.monitoring.stream;

/**
 * Where the monitoring module reads cache counters from. The monitoring module does not depend on the cache
 * module; an application (or its wiring) adapts the cache's statistics view to this interface and exposes it
 * as a bean. Without one, snapshots carry {@link CacheStatistics#UNAVAILABLE}: zero counters, a {@code null}
 * hit ratio and an {@code UNKNOWN} circuit.
 * <p>
 * Implementations must read in-memory counters only (no Redis call): this runs on every stream tick.
 */
@FunctionalInterface
public interface CacheStatisticsSource {

	/** A source for applications without a cache. */
	CacheStatisticsSource NONE = () -> CacheStatistics.UNAVAILABLE;

	/**
	 * Reads the cumulative counters and the circuit state.
	 * @return the counters now
	 */
	CacheStatistics read();

}
