package dev.reactivedata.demo.auth;

import java.time.Duration;
import java.util.UUID;

import io.r2dbc.postgresql.api.Notification;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Wrapped;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Forgets a revoked key on this instance as soon as its revocation commits, wherever it was revoked (the admin API
 * of any instance, or SQL): a dedicated connection, outside the pool, {@code LISTEN}s on the channel that the
 * {@code api_keys} triggers notify, and each notification {@linkplain ApiKeyStore#invalidate(UUID) invalidates}
 * the key's cached answer.
 * <p>
 * While that connection is down a revocation may go unheard, so every cached key is forgotten when it drops and
 * again once it listens anew; it reconnects with a backoff of up to 30 s. In between, the key cache's TTL bounds how
 * long a revoked key keeps working.
 */
@Component
class ApiKeyRevocations implements SmartLifecycle {

	static final String CHANNEL = "demo_api_key_revoked";

	private static final Log logger = LogFactory.getLog(ApiKeyRevocations.class);

	private final ConnectionFactory connectionFactory;

	private final ApiKeyStore keys;

	private volatile @Nullable Disposable listening;

	ApiKeyRevocations(R2dbcConnectionDetails connectionDetails, ApiKeyStore keys) {
		this.connectionFactory = ConnectionFactories.get(unpooled(connectionDetails.getConnectionFactoryOptions()));
		this.keys = keys;
	}

	/**
	 * Emits the id of each key revoked or deleted from the moment this instance listens. Errors when the
	 * connection fails and completes never while it stays up.
	 */
	Flux<UUID> revokedKeys() {
		return Flux.usingWhen(this.connectionFactory.create(), this::listen, Connection::close)
			.concatWith(Mono.error(() -> new IllegalStateException("The notification connection was closed")));
	}

	private Flux<UUID> listen(Connection connection) {
		PostgresqlConnection postgres = unwrap(connection);
		return Flux.from(postgres.createStatement("LISTEN " + CHANNEL).execute())
			.flatMap(Result::getRowsUpdated)
			.then(Mono.fromRunnable(this.keys::invalidateAll))
			.thenMany(postgres.getNotifications())
			.flatMap(this::keyOf);
	}

	private Mono<UUID> keyOf(Notification notification) {
		try {
			return Mono.just(UUID.fromString(notification.getParameter()));
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Unexpected payload on " + CHANNEL + ": '" + notification.getParameter()
					+ "'; forgetting every cached key");
			this.keys.invalidateAll();
			return Mono.empty();
		}
	}

	@Override
	public void start() {
		this.listening = revokedKeys()
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
				.maxBackoff(Duration.ofSeconds(30))
				.doBeforeRetry(signal -> {
					logger.warn("Not listening for API key revocations; forgetting every cached key and reconnecting",
							signal.failure());
					this.keys.invalidateAll();
				}))
			.subscribe(this.keys::invalidate,
					error -> logger.error("Stopped listening for API key revocations", error));
	}

	@Override
	public void stop() {
		Disposable subscription = this.listening;
		if (subscription != null) {
			subscription.dispose();
			this.listening = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.listening != null;
	}

	private static ConnectionFactoryOptions unpooled(ConnectionFactoryOptions options) {
		if (!"pool".equals(options.getValue(ConnectionFactoryOptions.DRIVER))) {
			return options;
		}
		String protocol = (String) options.getRequiredValue(ConnectionFactoryOptions.PROTOCOL);
		return options.mutate().option(ConnectionFactoryOptions.DRIVER, protocol)
			.option(ConnectionFactoryOptions.PROTOCOL, "")
			.build();
	}

	@SuppressWarnings("unchecked")
	private static PostgresqlConnection unwrap(Connection connection) {
		Connection current = connection;
		while (!(current instanceof PostgresqlConnection) && current instanceof Wrapped<?> wrapped) {
			current = ((Wrapped<Connection>) wrapped).unwrap();
		}
		if (current instanceof PostgresqlConnection postgres) {
			return postgres;
		}
		throw new IllegalStateException("API key revocations need a PostgreSQL connection, got " + connection);
	}

}
