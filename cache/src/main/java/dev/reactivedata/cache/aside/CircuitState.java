package dev.reactivedata.cache.aside;

/**
 * State of the cache's circuit breaker.
 */
public enum CircuitState {

	/** Redis is used. */
	CLOSED,

	/** Redis is being probed: queued invalidations are replayed before reads use Redis again. */
	HALF_OPEN,

	/** Redis failed repeatedly: reads bypass it and invalidations are queued. */
	OPEN

}
