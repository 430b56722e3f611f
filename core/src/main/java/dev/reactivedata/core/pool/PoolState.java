package dev.reactivedata.core.pool;

/**
 * The state of a {@link GuardedConnectionPool}, for health indicators.
 */
public enum PoolState {

	/** Connections are acquired normally. */
	UP,

	/**
	 * Recent acquires failed: the database was unreachable, a fatal connection error was seen, or the pool was
	 * exhausted.
	 */
	DEGRADED,

	/** Acquires succeed again after a degradation, for less than the recovery period. */
	RECOVERING

}
