package dev.reactivedata.core.pool;

import java.time.Clock;
import java.time.Instant;
import java.util.function.BiConsumer;

import dev.reactivedata.core.internal.ForwardingConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Sits between the pool and the driver: reports failed connects with the time the attempt started (so a late
 * failure of an attempt begun during an outage can be told apart from a new one), and hands the pool connections
 * whose failed validation is reported before the pool sees the result, so every idle connection is invalidated
 * before the pool retries its acquire with the next one.
 */
final class FaultReportingConnectionFactory implements ConnectionFactory, Wrapped<ConnectionFactory> {

	private final ConnectionFactory delegate;

	private final Runnable onInvalid;

	private final BiConsumer<Throwable, Instant> onConnectFailed;

	private final Clock clock;

	FaultReportingConnectionFactory(ConnectionFactory delegate, Runnable onInvalid,
			BiConsumer<Throwable, Instant> onConnectFailed, Clock clock) {
		this.delegate = delegate;
		this.onInvalid = onInvalid;
		this.onConnectFailed = onConnectFailed;
		this.clock = clock;
	}

	@Override
	public Publisher<? extends Connection> create() {
		return Mono.defer(() -> {
			Instant startedAt = this.clock.instant();
			return Mono.from(this.delegate.create())
				.doOnError(error -> this.onConnectFailed.accept(error, startedAt))
				.map(ObservedConnection::new);
		});
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		return this.delegate.getMetadata();
	}

	@Override
	public ConnectionFactory unwrap() {
		return this.delegate;
	}

	private final class ObservedConnection extends ForwardingConnection {

		ObservedConnection(Connection delegate) {
			super(delegate);
		}

		@Override
		public Publisher<Boolean> validate(ValidationDepth depth) {
			return Mono.from(this.delegate.validate(depth)).doOnNext(valid -> {
				if (!valid) {
					FaultReportingConnectionFactory.this.onInvalid.run();
				}
			});
		}

	}

}
