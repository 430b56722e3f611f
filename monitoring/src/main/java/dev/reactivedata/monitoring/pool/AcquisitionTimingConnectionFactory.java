package dev.reactivedata.monitoring.pool;

import java.util.Objects;

import dev.reactivedata.monitoring.query.LatencyWindow;
import dev.reactivedata.monitoring.query.QueryScope;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Wraps the application's (pooled, possibly tenant-binding) connection factory to observe connection
 * acquisition: it times {@code create()} from subscription until a connection is handed out (pool wait,
 * validation and tenant binding included), and marks the acquisition in the Reactor Context with
 * {@link QueryScope#markAcquisition} so that statements run while acquiring are not counted against the
 * request. Wrap the outermost factory, so that the tenant binding's statement is covered too.
 */
public final class AcquisitionTimingConnectionFactory implements ConnectionFactory, Wrapped<ConnectionFactory> {

	private final ConnectionFactory delegate;

	private final LatencyWindow acquireLatency;

	private final @Nullable PoolMetrics metrics;

	/**
	 * Wraps a connection factory.
	 * @param delegate the factory to observe
	 * @param acquireLatency where acquisition latencies are recorded
	 * @param metrics meters to record acquisitions into, or {@code null}
	 */
	public AcquisitionTimingConnectionFactory(ConnectionFactory delegate, LatencyWindow acquireLatency,
			@Nullable PoolMetrics metrics) {
		this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
		this.acquireLatency = Objects.requireNonNull(acquireLatency, "acquireLatency must not be null");
		this.metrics = metrics;
	}

	/**
	 * Acquires a connection from the wrapped factory, timing the acquisition. Emits what the wrapped factory
	 * emits.
	 */
	@Override
	public Mono<Connection> create() {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return Mono.<Connection>from(this.delegate.create()).doOnNext(connection -> acquired(System.nanoTime() - start));
		}).contextWrite(QueryScope::markAcquisition);
	}

	private void acquired(long nanos) {
		this.acquireLatency.record(nanos);
		if (this.metrics != null) {
			this.metrics.acquired(nanos);
		}
	}

	LatencyWindow acquireLatency() {
		return this.acquireLatency;
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		return this.delegate.getMetadata();
	}

	@Override
	public ConnectionFactory unwrap() {
		return this.delegate;
	}

}
