package dev.reactivedata.core.pool;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * A pooled connection as handed out by {@link GuardedConnectionPool}: tells the leak tracker when it goes back
 * to the pool (closing it again does nothing), bounds its statements by the statement timeout, and is discarded
 * by the pool when one of them timed out.
 */
final class TrackedConnection extends ForwardingConnection {

	private final GuardedConnectionPool pool;

	private final LeakTracker tracker;

	private final AtomicBoolean released = new AtomicBoolean();

	TrackedConnection(Connection delegate, GuardedConnectionPool pool, LeakTracker tracker) {
		super(delegate);
		this.pool = pool;
		this.tracker = tracker;
	}

	@Override
	public Statement createStatement(String sql) {
		return new TimedStatement(this.delegate.createStatement(sql), this);
	}

	Duration statementTimeout(ContextView context) {
		Duration timeout = StatementTimeout.in(context);
		return (timeout != null) ? timeout : this.pool.options().statementTimeout();
	}

	/** Called when a statement timed out; a connection already given back is someone else's now. */
	void discard(Duration timeout) {
		if (!this.released.get()) {
			this.pool.discard(this.delegate, timeout);
		}
	}

	@Override
	public Publisher<Void> close() {
		return Mono.defer(() -> {
			if (!this.released.compareAndSet(false, true)) {
				// Closed already, e.g. by a cancelled borrower's clean-up racing its own release.
				return Mono.empty();
			}
			this.tracker.released(this);
			return Mono.from(this.delegate.close());
		});
	}

}
