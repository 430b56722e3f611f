package dev.reactivedata.monitoring;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Connection pools for unit tests that need a pool's statistics but no database: nothing is created up front,
 * and an acquisition waits forever.
 */
public final class UnconnectedPools {

	private UnconnectedPools() {
	}

	/**
	 * Creates an empty pool of at most {@code maxSize} connections that never connects; close it after use.
	 * @param maxSize the pool's maximum size
	 * @return the pool
	 */
	public static ConnectionPool create(int maxSize) {
		return new ConnectionPool(ConnectionPoolConfiguration.builder(new NeverConnectionFactory())
			.initialSize(0)
			.maxSize(maxSize)
			.build());
	}

	private static final class NeverConnectionFactory implements ConnectionFactory {

		@Override
		public Publisher<? extends Connection> create() {
			return Mono.never();
		}

		@Override
		public ConnectionFactoryMetadata getMetadata() {
			return () -> "never";
		}

	}

}
