package dev.reactivedata.monitoring.pool;

/**
 * The state of a connection pool at one instant.
 *
 * @param acquired connections handed out and not yet released
 * @param idle connections in the pool ready to be handed out
 * @param pending callers waiting for a connection
 * @param max the maximum size of the pool
 * @param acquireP99Ms the 99th percentile of connection acquisition latency over the recent window, in
 * milliseconds; 0 when no connection was acquired in the window or acquisition is not observed (the
 * connection factory is not wrapped in an {@link AcquisitionTimingConnectionFactory})
 */
public record PoolSnapshot(int acquired, int idle, int pending, int max, double acquireP99Ms) {

	/**
	 * The share of the pool in use.
	 * @return {@code acquired / max}, 0 for an empty pool
	 */
	public double saturation() {
		return (this.max <= 0) ? 0.0 : (double) this.acquired / this.max;
	}

}
