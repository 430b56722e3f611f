package dev.reactivedata.core.pool;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reactivedata.core.internal.ForwardingConnection;
import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.ContextView;

/**
 * A pooled connection as handed out by {@link GuardedConnectionPool}: tells the leak tracker when it goes back
 * to the pool (closing it again does nothing), bounds its statements by the statement timeout, is discarded
 * by the pool when one of them timed out, and reports the errors it meets to the pool, which judges whether the
 * database went away.
 * <p>
 * It goes back only once the statements sent on it have been answered and their results read, or given up on (see
 * {@link UnreadRows}): the driver learns whether the connection is inside a transaction from each answer's
 * {@code ReadyForQuery}, and the pool rolls back what is left open on release by that status. A statement still under
 * way at release (its subscriber cancelled, e.g. a {@code BEGIN} sent as SQL) could otherwise open a transaction
 * after that check, for the next borrower.
 */
final class TrackedConnection extends ForwardingConnection {

	private final GuardedConnectionPool pool;

	private final LeakTracker tracker;

	private final AtomicBoolean released = new AtomicBoolean();

	private final AtomicInteger statementsUnderWay = new AtomicInteger();

	private volatile Sinks.@Nullable Empty<Void> answered;

	TrackedConnection(Connection delegate, GuardedConnectionPool pool, LeakTracker tracker) {
		super(delegate);
		this.pool = pool;
		this.tracker = tracker;
	}

	@Override
	public Statement createStatement(String sql) {
		return new TimedStatement(this.delegate.createStatement(sql), this);
	}

	@Override
	public Batch createBatch() {
		return new TimedBatch(this.delegate.createBatch(), this);
	}

	@Override
	public Publisher<Void> beginTransaction() {
		return watched(this.delegate.beginTransaction());
	}

	@Override
	public Publisher<Void> beginTransaction(TransactionDefinition definition) {
		return watched(this.delegate.beginTransaction(definition));
	}

	@Override
	public Publisher<Void> commitTransaction() {
		return watched(this.delegate.commitTransaction());
	}

	@Override
	public Publisher<Void> rollbackTransaction() {
		return watched(this.delegate.rollbackTransaction());
	}

	@Override
	public Publisher<Void> createSavepoint(String name) {
		return watched(this.delegate.createSavepoint(name));
	}

	@Override
	public Publisher<Void> releaseSavepoint(String name) {
		return watched(this.delegate.releaseSavepoint(name));
	}

	@Override
	public Publisher<Void> rollbackTransactionToSavepoint(String name) {
		return watched(this.delegate.rollbackTransactionToSavepoint(name));
	}

	@Override
	public Publisher<Void> setAutoCommit(boolean autoCommit) {
		return watched(this.delegate.setAutoCommit(autoCommit));
	}

	@Override
	public Publisher<Void> setLockWaitTimeout(Duration timeout) {
		return watched(this.delegate.setLockWaitTimeout(timeout));
	}

	@Override
	public Publisher<Void> setStatementTimeout(Duration timeout) {
		return watched(this.delegate.setStatementTimeout(timeout));
	}

	@Override
	public Publisher<Void> setTransactionIsolationLevel(IsolationLevel isolationLevel) {
		return watched(this.delegate.setTransactionIsolationLevel(isolationLevel));
	}

	@Override
	public Publisher<Boolean> validate(ValidationDepth depth) {
		return watched(this.delegate.validate(depth));
	}

	private <T> Publisher<T> watched(Publisher<T> source) {
		return Flux.from(source).doOnError(this::failed);
	}

	/**
	 * Tells the pool of an error met on this connection, by a statement or batch, its results or a transaction call,
	 * so that a fatal one invalidates every connection at once rather than one acquire at a time.
	 */
	void failed(Throwable error) {
		this.pool.failed(this.delegate, error);
	}

	Duration statementTimeout(ContextView context) {
		Duration timeout = StatementTimeout.in(context);
		return (timeout != null) ? timeout : this.pool.options().statementTimeout();
	}

	/** Called as a statement is sent; {@link #statementAnswered()} follows once its conversation has ended. */
	void statementSent() {
		this.statementsUnderWay.incrementAndGet();
	}

	void statementAnswered() {
		if (this.statementsUnderWay.decrementAndGet() == 0) {
			Sinks.Empty<Void> waiting = this.answered;
			if (waiting != null) {
				waiting.tryEmitEmpty();
			}
		}
	}

	/** @return completion once no statement sent on this connection awaits its answer; at once in the usual case */
	private Mono<Void> statementsAnswered() {
		if (this.statementsUnderWay.get() == 0) {
			return Mono.empty();
		}
		Sinks.Empty<Void> waiting = Sinks.empty();
		this.answered = waiting;
		// Re-read: the last answer may have come before the sink was visible.
		return (this.statementsUnderWay.get() == 0) ? Mono.empty() : waiting.asMono();
	}

	/** Called when a statement timed out; a connection already given back is someone else's now. */
	void discard(Duration timeout) {
		if (!this.released.get()) {
			this.pool.discard(this.delegate, "A statement got no answer within " + timeout.toMillis() + " ms");
		}
	}

	/**
	 * Whether the driver's connection is outside a transaction, as of the server's last answer. It is asked rather
	 * than the pool's, which refuses once its borrower closed it, while a result still holds it.
	 */
	boolean isOutsideTransaction() {
		return GuardedConnectionPool.physical(this.delegate) instanceof Connection driver && driver.isAutoCommit();
	}

	/**
	 * Called when the rest of a cancelled result takes too long to read. The result holds the connection, so it has
	 * not gone back to the pool even if its borrower has closed it.
	 */
	void discardUnread(Duration limit) {
		this.pool.discard(this.delegate, "A cancelled result still streamed " + limit.toMillis() + " ms later");
	}

	@Override
	public Publisher<Void> close() {
		return Mono.defer(() -> {
			if (!this.released.compareAndSet(false, true)) {
				// Closed already, e.g. by a cancelled borrower's clean-up racing its own release.
				return Mono.empty();
			}
			this.tracker.released(this);
			return statementsAnswered().then(Mono.from(this.delegate.close()));
		});
	}

}
