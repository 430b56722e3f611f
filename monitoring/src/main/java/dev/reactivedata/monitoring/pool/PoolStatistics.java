package dev.reactivedata.monitoring.pool;

import java.util.Objects;
import java.util.Optional;

import dev.reactivedata.monitoring.query.LatencyWindow;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import org.jspecify.annotations.Nullable;

/**
 * Reads the in-memory counters of the r2dbc-pool {@link ConnectionPool} behind a connection factory, however
 * many decorators (tenant binding, proxies) wrap it, and the acquisition latency recorded by an
 * {@link AcquisitionTimingConnectionFactory} among those decorators. Reading never touches the database.
 */
public final class PoolStatistics {

	private final PoolMetrics metrics;

	private final @Nullable LatencyWindow acquireLatency;

	private PoolStatistics(PoolMetrics metrics, @Nullable LatencyWindow acquireLatency) {
		this.metrics = metrics;
		this.acquireLatency = acquireLatency;
	}

	/**
	 * Finds the pool behind {@code connectionFactory}.
	 * @param connectionFactory the application's connection factory
	 * @return the statistics of its pool, or empty when it is not pooled (or metrics are off)
	 */
	public static Optional<PoolStatistics> of(ConnectionFactory connectionFactory) {
		Objects.requireNonNull(connectionFactory, "connectionFactory must not be null");
		LatencyWindow latency = null;
		Object candidate = connectionFactory;
		while (!(candidate instanceof ConnectionPool)) {
			if (candidate instanceof AcquisitionTimingConnectionFactory observed && latency == null) {
				latency = observed.acquireLatency();
			}
			if (!(candidate instanceof Wrapped<?> wrapped)) {
				break;
			}
			Object next = wrapped.unwrap();
			if (next == null || next == candidate) {
				break;
			}
			candidate = next;
		}
		if (candidate instanceof ConnectionPool pool) {
			LatencyWindow found = latency;
			return pool.getMetrics().map(metrics -> new PoolStatistics(metrics, found));
		}
		return Optional.empty();
	}

	/**
	 * Takes a snapshot of the pool's counters.
	 * @return the snapshot
	 */
	public PoolSnapshot snapshot() {
		double p99 = (this.acquireLatency != null) ? this.acquireLatency.percentiles().p99Ms() : 0.0;
		return new PoolSnapshot(this.metrics.acquiredSize(), this.metrics.idleSize(), this.metrics.pendingAcquireSize(),
				this.metrics.getMaxAllocatedSize(), p99);
	}

}
