package dev.reactivedata.core.pool;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.reactivedata.core.internal.FatalConnectionErrors;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Closeable;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.pool.PooledRefMetadata;
import reactor.util.context.Context;

/**
 * An r2dbc-pool {@link ConnectionPool} with safe settings ({@link PoolOptions}) and the guard rails r2dbc-pool
 * lacks:
 * <ul>
 * <li>a fatal connection error ({@code 57P01}, class {@code 08}, a reset socket, a failed validation) marks
 * every connection opened before it as invalid at once, so idle ones are evicted on the next acquire instead of
 * failing one caller each;</li>
 * <li>{@link #create()} fails within the acquire timeout with a typed error: {@link PoolExhaustedException}
 * (naming the holders of the connections) when all connections are in use, {@link DatabaseUnavailableException}
 * when the database cannot be reached;</li>
 * <li>connections held longer than the leak threshold are logged with their acquiring call site and listed by
 * {@link #leakReport()};</li>
 * <li>statements that get no answer within the {@link StatementTimeout} fail with
 * {@link StatementTimeoutException}, and their connection is discarded rather than given back;</li>
 * <li>a connection goes back only once the results of its statements are read; a result cancelled outside a
 * transaction (a {@code take(10)} of a large table) is read on for at most 100 ms, then its statement is cancelled
 * and its connection discarded, rather than the whole result streamed to no one;</li>
 * <li>a connection given back inside a transaction (begun as SQL, or whose rollback never ran) is rolled back
 * before anyone else borrows it, and discarded when that fails; r2dbc-pool rolls back only transactions it saw
 * begin through {@link Connection#beginTransaction()}. The driver knows the transaction status from the server's
 * last answer, so giving back a connection outside a transaction costs no round trip;</li>
 * <li>{@link #state()} tells health checks whether the pool is UP, DEGRADED or RECOVERING.</li>
 * </ul>
 * {@link #unwrap()} returns the r2dbc-pool {@link ConnectionPool}, for its metrics.
 */
public final class GuardedConnectionPool implements ConnectionFactory, Wrapped<ConnectionFactory>, Closeable, Disposable {

	private static final Log logger = LogFactory.getLog(GuardedConnectionPool.class);

	private static final String ACQUIRE = "reactivedata.pool.acquire";

	private static final Duration EXHAUSTED_RETRY_AFTER = Duration.ofSeconds(1);

	private static final Duration UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(2);

	// Reactor's context key of a subscriber-local onNextDropped hook (Hooks.KEY_ON_NEXT_DROPPED, package-private).
	private static final String ON_NEXT_DROPPED = "reactor.onNextDropped.local";

	private static final String CALLERS_ON_NEXT_DROPPED = GuardedConnectionPool.class.getName() + ".callersOnNextDropped";

	private final PoolOptions options;

	private final Clock clock;

	private final ConnectionPool pool;

	private final PoolHealth health;

	private final LeakTracker leaks;

	private final AtomicLong invalidatedBefore = new AtomicLong(Long.MIN_VALUE);

	/** Physical connections whose statement timed out: closed, and evicted when given back. */
	private final Set<Object> discarded = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

	private final AtomicInteger discardedCount = new AtomicInteger();

	private final Disposable leakReporter;

	private GuardedConnectionPool(ConnectionFactory driver, PoolOptions options, Clock clock) {
		this.options = options;
		this.clock = clock;
		this.health = new PoolHealth(clock, options.recoveryPeriod());
		this.leaks = new LeakTracker(clock, options.leakThreshold(), options.captureCallSite());
		ConnectionFactory observed = new FaultReportingConnectionFactory(
				driver,
				() -> connectionLost(new IllegalStateException("Connection validation failed")), this::connectFailed,
				clock);
		ConnectionPoolConfiguration.Builder configuration = ConnectionPoolConfiguration.builder(observed)
			.name(options.name())
			.initialSize(options.initialSize())
			.maxSize(options.maxSize())
			.minIdle(options.minIdle())
			.maxIdleTime(options.maxIdleTime())
			.maxLifeTime(options.maxLifeTime())
			// No maxAcquireTime: create() times the whole acquire itself, so a second timer per acquire would only be
			// scheduled and cancelled.
			.maxCreateConnectionTime(options.createTimeout())
			.acquireRetry(options.acquireRetry())
			.backgroundEvictionInterval(options.backgroundEvictionInterval())
			.preRelease(this::endTransaction)
			.customizer(builder -> builder.evictionPredicate(this::shouldEvict));
		if (options.validationQuery() != null) {
			configuration.validationQuery(options.validationQuery()).maxValidationTime(options.validationTimeout());
		}
		else {
			// The local check reads the connection's state without I/O: a timeout would only schedule (and cancel)
			// a timer on every acquire.
			configuration.validationDepth(ValidationDepth.LOCAL);
		}
		this.pool = new ConnectionPool(configuration.build());
		this.leakReporter = options.leakThreshold().isZero() ? Disposables.disposed()
				: Flux.interval(reportInterval(options.leakThreshold()), Schedulers.parallel())
					.subscribe(tick -> this.leaks.report(),
							error -> logger.error("The connection leak report stopped", error));
	}

	/**
	 * Creates a pool of connections from {@code driver}.
	 * @param driver the driver's (unpooled) connection factory, possibly decorated
	 * @param options the pool settings
	 * @return the pool; close it when done
	 */
	public static GuardedConnectionPool create(ConnectionFactory driver, PoolOptions options) {
		return create(driver, options, Clock.systemUTC());
	}

	static GuardedConnectionPool create(ConnectionFactory driver, PoolOptions options, Clock clock) {
		Objects.requireNonNull(driver, "driver must not be null");
		Objects.requireNonNull(options, "options must not be null");
		return new GuardedConnectionPool(driver, options, clock);
	}

	/**
	 * Finds the guarded pool behind a connection factory, unwrapping decorators such as the tenant binding.
	 * @param connectionFactory the application's connection factory
	 * @return the pool, or empty when the factory is not backed by one
	 */
	public static Optional<GuardedConnectionPool> find(ConnectionFactory connectionFactory) {
		Object candidate = connectionFactory;
		for (int depth = 0; depth < 16 && candidate != null; depth++) {
			if (candidate instanceof GuardedConnectionPool guarded) {
				return Optional.of(guarded);
			}
			if (!(candidate instanceof Wrapped<?> wrapped) || wrapped.unwrap() == candidate) {
				break;
			}
			candidate = wrapped.unwrap();
		}
		return Optional.empty();
	}

	/**
	 * Acquires a connection. Emits it, or within the acquire timeout one of: {@link PoolExhaustedException} when
	 * every connection stayed in use, {@link DatabaseUnavailableException} when the database cannot be reached.
	 * Connections the server dropped are replaced transparently (up to {@code acquireRetry} of them).
	 * @return the connection; close it to give it back
	 */
	@Override
	public Mono<Connection> create() {
		return Mono.defer(() -> {
			LeakTracker.Hold hold = this.leaks.capture();
			return this.pool.create()
				// What r2dbc-pool drops inside is its own to give back: it sees the caller's hook, not ours.
				.contextWrite(GuardedConnectionPool::callersDropHook)
				// Named, or every subscription of the timeout would derive a name for its message from the class
				// names upstream, with a regular expression.
				.name(ACQUIRE)
				.timeout(this.options.acquireTimeout())
				.contextWrite(GuardedConnectionPool::closeDroppedConnections)
				.onErrorMap(this::translate)
				.map(connection -> {
					TrackedConnection tracked = new TrackedConnection(connection, this, this.leaks);
					this.leaks.acquired(tracked, hold);
					this.health.acquired();
					return tracked;
				});
		});
	}

	/**
	 * Gives back a connection that the acquire timeout drops: one the pool hands over just as the timeout fires
	 * or the borrower cancels. Reactor drops it through the context's {@code onNextDropped} hook, as r2dbc-pool's
	 * own acquire timeout does; without the hook the pool counted it as acquired forever.
	 */
	private static Context closeDroppedConnections(Context context) {
		Consumer<Object> closeConnection = dropped -> {
			if (dropped instanceof Connection connection) {
				Mono.defer(() -> Mono.from(connection.close()))
					.subscribe(null, error -> logger.warn("Could not give back a connection the acquire timeout dropped",
							error));
			}
		};
		Consumer<Object> callers = context.getOrDefault(ON_NEXT_DROPPED, null);
		if (callers == null) {
			return context.put(ON_NEXT_DROPPED, closeConnection);
		}
		return context.put(ON_NEXT_DROPPED, closeConnection.andThen(callers)).put(CALLERS_ON_NEXT_DROPPED, callers);
	}

	private static Context callersDropHook(Context context) {
		Consumer<Object> callers = context.getOrDefault(CALLERS_ON_NEXT_DROPPED, null);
		return (callers != null) ? context.put(ON_NEXT_DROPPED, callers).delete(CALLERS_ON_NEXT_DROPPED)
				: context.delete(ON_NEXT_DROPPED);
	}

	private Throwable translate(Throwable error) {
		if (error instanceof TimeoutException || error instanceof R2dbcTimeoutException) {
			if (this.health.connectFailedWithin(this.options.acquireTimeout()) || !allConnectionsOpen()) {
				this.health.connectionLost();
				return new DatabaseUnavailableException("No connection to the database within "
						+ this.options.acquireTimeout().toMillis() + " ms: the database is unreachable or not answering",
						error, UNAVAILABLE_RETRY_AFTER);
			}
			this.health.exhausted();
			List<HeldConnection> holders = this.leaks.held();
			return new PoolExhaustedException("All " + this.options.maxSize() + " connections of pool '"
					+ this.options.name() + "' stayed in use for the acquire timeout of "
					+ this.options.acquireTimeout().toMillis() + " ms; held longest: " + describe(holders), error,
					EXHAUSTED_RETRY_AFTER, holders);
		}
		if (FatalConnectionErrors.isFatal(error)) {
			connectionLost(error);
			return new DatabaseUnavailableException("The database is unreachable: " + error.getMessage(), error,
					UNAVAILABLE_RETRY_AFTER);
		}
		return error;
	}

	private boolean allConnectionsOpen() {
		return this.pool.getMetrics().map(metrics -> metrics.allocatedSize() >= metrics.getMaxAllocatedSize()).orElse(true);
	}

	private static String describe(List<HeldConnection> holders) {
		return holders.isEmpty() ? "none tracked"
				: String.join("; ", holders.stream().limit(5).map(HeldConnection::toString).toList());
	}

	/**
	 * Rolls back the transaction a connection is given back in, if any; a connection still inside one afterwards
	 * is discarded. Runs after r2dbc-pool's own rollback of transactions begun through the SPI.
	 */
	private Mono<Void> endTransaction(Connection connection) {
		Connection driver = (physical(connection) instanceof Connection physical) ? physical : connection;
		if (driver.isAutoCommit()) {
			return Mono.empty();
		}
		logger.warn("A connection of pool '" + this.options.name() + "' was given back inside a transaction; "
				+ "rolling it back");
		return Mono.from(connection.rollbackTransaction())
			.onErrorResume(error -> {
				logger.warn("Rolling back a connection given back inside a transaction failed", error);
				return Mono.empty();
			})
			.then(Mono.defer(() -> driver.isAutoCommit() ? Mono.empty() : evict(driver)));
	}

	/** Closes a connection the pool must not hand out again; the pool evicts it as it is given back. */
	private Mono<Void> evict(Connection driver) {
		if (this.discarded.add(physical(driver))) {
			this.discardedCount.incrementAndGet();
		}
		logger.warn("Discarding a connection of pool '" + this.options.name() + "' still inside a transaction");
		return Mono.from(driver.close()).onErrorResume(error -> {
			logger.debug("Closing a connection still inside a transaction failed", error);
			return Mono.empty();
		});
	}

	private boolean shouldEvict(Connection connection, PooledRefMetadata metadata) {
		if (this.discardedCount.get() > 0 && this.discarded.remove(physical(connection))) {
			this.discardedCount.decrementAndGet();
			return true;
		}
		long idle = metadata.idleTime();
		long life = metadata.lifeTime();
		if (idle >= this.options.maxIdleTime().toMillis() || life >= this.options.maxLifeTime().toMillis()) {
			return true;
		}
		long createdAt = this.clock.millis() - life;
		return createdAt <= this.invalidatedBefore.get();
	}

	/**
	 * Discards a connection whose statement got no answer in time, or whose cancelled result still streams: it is
	 * closed at once (which fails what runs on it), the statement is cancelled on the server, and the pool evicts
	 * the connection when it is given back instead of handing it out again. Errors of a discarded connection do not
	 * count as a lost database.
	 * @param why what happened to the statement, for the log
	 */
	void discard(Connection pooled, String why) {
		Object physical = physical(pooled);
		if (!this.discarded.add(physical)) {
			return;
		}
		this.discardedCount.incrementAndGet();
		logger.warn(why + "; cancelling it and discarding its connection from pool '" + this.options.name() + "'");
		Connection connection = (physical instanceof Connection driver) ? driver : pooled;
		Mono<Void> cancel = (physical instanceof PostgresqlConnection postgres) ? postgres.cancelRequest()
				: Mono.empty();
		// Runs on the timer that fired: no subscriber to compose with, so errors are logged here.
		Mono.from(connection.close())
			.onErrorResume(error -> {
				logger.debug("Closing a discarded connection failed", error);
				return Mono.empty();
			})
			.then(cancel)
			.subscribe(null, error -> logger.debug("Cancelling the statement of a discarded connection failed", error));
	}

	private boolean isDiscarded(@Nullable Object connection) {
		return connection != null && this.discardedCount.get() > 0 && this.discarded.contains(physical(connection));
	}

	static Object physical(Object connection) {
		Object candidate = connection;
		while (candidate instanceof Wrapped<?> wrapped) {
			Object next = wrapped.unwrap();
			if (next == null || next == candidate) {
				break;
			}
			candidate = next;
		}
		return candidate;
	}

	/**
	 * Marks every connection opened until now as invalid: idle ones are closed on the next acquire or eviction
	 * run, connections in use when they are given back. Called on fatal connection errors; exposed for operators.
	 */
	public void invalidateAll() {
		this.invalidatedBefore.accumulateAndGet(this.clock.millis(), Math::max);
	}

	private void connectFailed(Throwable error, Instant startedAt) {
		if (!FatalConnectionErrors.isFatal(error)) {
			return;
		}
		if (this.health.isStale(startedAt)) {
			// Begun during an outage, failed after the database came back: says nothing about the database now.
			logger.debug("Ignoring a failed connect begun before the last successful acquire: " + error);
			return;
		}
		connectionLost(error);
	}

	/**
	 * Judges an error a connection in use met (see {@link TrackedConnection}): a fatal one, on a connection not
	 * discarded on purpose, means the database went away.
	 */
	void failed(Connection pooled, Throwable error) {
		if (FatalConnectionErrors.isFatal(error) && !isDiscarded(pooled)) {
			connectionLost(error);
		}
	}

	private void connectionLost(Throwable error) {
		boolean wasHealthy = this.health.state() != PoolState.DEGRADED;
		invalidateAll();
		this.health.connectionLost();
		if (wasHealthy) {
			logger.warn("Connection to the database lost; invalidating every connection of pool '" + this.options.name()
					+ "': " + error);
		}
	}

	/** @return the pool's state for health checks */
	public PoolState state() {
		return this.health.state();
	}

	/** @return connections held longer than the leak threshold, longest first, with their call sites */
	public List<HeldConnection> leakReport() {
		return this.leaks.leaks();
	}

	/** @return every connection in use, longest held first */
	public List<HeldConnection> heldConnections() {
		return this.leaks.held();
	}

	/** @return the pool's settings */
	public PoolOptions options() {
		return this.options;
	}

	/** @return r2dbc-pool's metrics (acquired, idle, pending, max) */
	public Optional<PoolMetrics> getMetrics() {
		return this.pool.getMetrics();
	}

	/**
	 * Opens connections up to the initial size.
	 * @return the number of connections opened
	 */
	public Mono<Integer> warmup() {
		return this.pool.warmup();
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		return this.pool.getMetadata();
	}

	/** @return the r2dbc-pool {@link ConnectionPool} */
	@Override
	public ConnectionPool unwrap() {
		return this.pool;
	}

	/**
	 * Closes every connection and stops the leak report.
	 * @return completion when closed
	 */
	@Override
	public Mono<Void> close() {
		return Mono.defer(() -> {
			this.leakReporter.dispose();
			return this.pool.disposeLater();
		});
	}

	/** Closes the pool, waiting for it; for shutdown code only, never on a reactive thread. */
	@Override
	public void dispose() {
		this.leakReporter.dispose();
		this.pool.dispose();
	}

	@Override
	public boolean isDisposed() {
		return this.pool.isDisposed();
	}

	@Override
	public String toString() {
		return "GuardedConnectionPool[" + this.options.name() + ", " + state() + "]";
	}

	private static Duration reportInterval(Duration threshold) {
		Duration half = threshold.dividedBy(2);
		return (half.compareTo(Duration.ofMillis(100)) < 0) ? Duration.ofMillis(100) : half;
	}

}
