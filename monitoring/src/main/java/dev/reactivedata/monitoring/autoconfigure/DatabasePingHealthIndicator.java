package dev.reactivedata.monitoring.autoconfigure;

import java.time.Duration;
import java.util.Objects;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the database up when {@code SELECT 1} answers within the timeout, with the round-trip latency
 * (connection acquisition included) as detail {@code latencyMs}; down with the cause otherwise.
 */
final class DatabasePingHealthIndicator extends AbstractReactiveHealthIndicator {

	private final ConnectionFactory connectionFactory;

	private final Duration timeout;

	/**
	 * Creates the indicator.
	 * @param connectionFactory the application's connection factory
	 * @param timeout how long the ping may take before the database counts as down
	 */
	DatabasePingHealthIndicator(ConnectionFactory connectionFactory, Duration timeout) {
		super("Database ping failed");
		this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory must not be null");
		this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
	}

	@Override
	protected Mono<Health> doHealthCheck(Health.Builder builder) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return Mono.usingWhen(this.connectionFactory.create(),
					connection -> Flux.from(connection.createStatement("SELECT 1").execute())
						.concatMap(result -> result.map((row, metadata) -> 1))
						.then(),
					Connection::close)
				.timeout(this.timeout)
				.then(Mono.fromSupplier(() -> builder.up()
					.withDetail("latencyMs", Math.round((System.nanoTime() - start) / 1_000.0) / 1_000.0)
					.build()));
		});
	}

}
