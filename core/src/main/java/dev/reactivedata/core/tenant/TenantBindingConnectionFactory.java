package dev.reactivedata.core.tenant;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reactivedata.core.internal.FatalConnectionErrors;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Wraps a (pooled) {@link ConnectionFactory} so that every connection handed out is bound to the tenant of
 * the subscriber's {@link TenantContext}, or to no tenant, through the PostgreSQL setting read by the
 * row-level security policies.
 * <p>
 * The binding is verified on every acquire against what this factory last set on that physical connection, so
 * a binding can never survive into the next borrower, even when the previous borrower was cancelled part-way
 * (the known binding is forgotten before a new one is sent, so an interrupted bind is redone) or the server
 * killed the connection (a new physical connection starts unknown). This replaces a reset on release, which a
 * cancelled or killed borrower would skip anyway, and it makes a connection already bound to the requested
 * tenant cost no extra round trip. A borrower cancelled while its connection is acquired or bound never receives
 * it: the connection goes back to the pool. The setting is session-level and applied before any transaction
 * begins, so a rollback cannot undo it. When the bind fails because the server dropped the connection, another connection is
 * acquired once. Application code must not change the setting itself.
 */
public final class TenantBindingConnectionFactory implements ConnectionFactory, Wrapped<ConnectionFactory> {

	private static final Log logger = LogFactory.getLog(TenantBindingConnectionFactory.class);

	/** The PostgreSQL setting that the row-level security policies read. */
	public static final String DEFAULT_SETTING = "app.tenant_id";

	private final ConnectionFactory delegate;

	private final String bindSql;

	private final ConnectionBindings bindings = new ConnectionBindings();

	/**
	 * Creates a factory that binds {@value #DEFAULT_SETTING}.
	 * @param delegate the factory to wrap, usually an r2dbc-pool {@code ConnectionPool}
	 */
	public TenantBindingConnectionFactory(ConnectionFactory delegate) {
		this(delegate, DEFAULT_SETTING);
	}

	/**
	 * Creates a factory that binds the given setting.
	 * @param delegate the factory to wrap, usually an r2dbc-pool {@code ConnectionPool}
	 * @param setting the custom PostgreSQL setting the policies read, such as {@code app.tenant_id}
	 */
	public TenantBindingConnectionFactory(ConnectionFactory delegate, String setting) {
		this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
		Objects.requireNonNull(setting, "setting must not be null");
		if (!setting.matches("[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*")) {
			throw new IllegalArgumentException("setting must be a custom setting like 'app.tenant_id', was '" + setting + "'");
		}
		this.bindSql = "SELECT set_config('" + setting + "', $1, false)";
	}

	/**
	 * Acquires a connection from the wrapped factory and binds it to the current tenant (or to none).
	 * Emits an error, after closing the connection, when binding fails.
	 */
	@Override
	public Mono<Connection> create() {
		// One operator reads the tenant: this runs on every acquire.
		return Mono.deferContextual(context -> {
			String tenant = TenantContext.from(context).map(UUID::toString).orElse("");
			return acquire(tenant).onErrorResume(BindFailedOnLostConnection.class,
					// The server dropped the connection between validation and binding: take another one, once.
					lost -> acquire(tenant).onErrorMap(BindFailedOnLostConnection.class, Throwable::getCause));
		});
	}

	/** Acquires and binds a connection; called once per subscriber (and once more on a lost connection). */
	private Mono<Connection> acquire(String tenant) {
		Handover handover = new Handover();
		return Mono.from(this.delegate.create())
			.flatMap(connection -> {
				handover.acquired(connection);
				Object physical = physical(connection);
				if (this.bindings.isBoundTo(physical, tenant)) {
					return Mono.just(connection);
				}
				return bind(connection, physical, tenant).onErrorResume(error -> handover.close()
					.onErrorResume(closeError -> {
						error.addSuppressed(closeError);
						return Mono.empty();
					})
					.then(Mono.error(FatalConnectionErrors.isFatal(error) ? new BindFailedOnLostConnection(error)
							: error)));
			})
			.filter(handover::deliver)
			.doOnCancel(handover::cancelled);
	}

	private Mono<Connection> bind(Connection connection, Object physical, String tenant) {
		// Forget the old binding first: if this borrower is cancelled mid-way the next one rebinds.
		this.bindings.forget(physical);
		return Flux.from(connection.createStatement(this.bindSql).bind("$1", tenant).execute())
			.concatMap(result -> result.map((row, metadata) -> 1))
			.then(Mono.fromRunnable(() -> this.bindings.record(physical, tenant)))
			.thenReturn(connection);
	}

	private static Object physical(Connection connection) {
		Object candidate = connection;
		while (candidate instanceof Wrapped<?> wrapped) {
			// A driver connection may answer unwrap() with null or itself: it is then the physical one.
			Object next = wrapped.unwrap();
			if (next == null || next == candidate) {
				break;
			}
			candidate = next;
		}
		return candidate;
	}

	/**
	 * Returns the tenant the given connection is known to be bound to: a tenant id, empty for "no tenant",
	 * or nothing when unknown. Exposed for diagnostics and tests.
	 * @param connection a connection handed out by this factory
	 * @return the known binding, if any
	 */
	public Optional<String> knownBinding(Connection connection) {
		return this.bindings.get(physical(connection));
	}

	/**
	 * Who closes a connection acquired for a borrower: the borrower once it is delivered, this factory while it is
	 * being bound. A borrower cancelled while its connection is acquired or bound never sees the connection, so
	 * it is given back to the pool here; without this, each cancelled bind leaked a pooled connection.
	 */
	private static final class Handover {

		private static final int PENDING = 0;

		private static final int DELIVERED = 1;

		private static final int CANCELLED = 2;

		private final AtomicInteger state = new AtomicInteger(PENDING);

		private final AtomicBoolean closed = new AtomicBoolean();

		private volatile @Nullable Connection connection;

		void acquired(Connection acquired) {
			this.connection = acquired;
			if (this.state.get() == CANCELLED) {
				closeCancelled(acquired);
			}
		}

		boolean deliver(Connection bound) {
			if (this.state.compareAndSet(PENDING, DELIVERED)) {
				return true;
			}
			closeCancelled(bound);
			return false;
		}

		void cancelled() {
			if (this.state.compareAndSet(PENDING, CANCELLED)) {
				Connection acquired = this.connection;
				if (acquired != null) {
					closeCancelled(acquired);
				}
			}
		}

		Mono<Void> close() {
			Connection acquired = this.connection;
			return (acquired != null && this.closed.compareAndSet(false, true)) ? Mono.from(acquired.close())
					: Mono.empty();
		}

		private void closeCancelled(Connection acquired) {
			if (this.closed.compareAndSet(false, true)) {
				// The borrower is gone, so nobody is left to compose with: give the connection back on our own.
				Mono.from(acquired.close())
					.subscribe(null, error -> logger.warn("Could not give back the connection of a cancelled borrower",
							error));
			}
		}

	}

	/** Marks a bind that failed because the server dropped the connection; never leaves this class. */
	private static final class BindFailedOnLostConnection extends RuntimeException {

		BindFailedOnLostConnection(Throwable cause) {
			super(cause.getMessage(), cause, false, false);
		}

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
