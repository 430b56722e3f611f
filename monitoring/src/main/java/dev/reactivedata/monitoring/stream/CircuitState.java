package dev.reactivedata.monitoring.stream;

/**
 * The state of the cache's circuit breaker as the monitoring module sees it.
 */
public enum CircuitState {

	/** Redis is used normally. */
	CLOSED,

	/** Redis calls are short-circuited: reads go to the database. */
	OPEN,

	/** A trial call decides whether to close again. */
	HALF_OPEN,

	/** No cache is wired to the monitoring module. */
	UNKNOWN

}
