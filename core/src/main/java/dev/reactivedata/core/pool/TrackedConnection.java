package dev.reactivedata.core.pool;

import java.util.concurrent.atomic.AtomicBoolean;

import io.r2dbc.spi.Connection;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * A pooled connection as handed out by {@link GuardedConnectionPool}: tells the leak tracker when it goes back
 * to the pool; closing it again does nothing.
 */
final class TrackedConnection extends ForwardingConnection {

	private final LeakTracker tracker;

	private final AtomicBoolean released = new AtomicBoolean();

	TrackedConnection(Connection delegate, LeakTracker tracker) {
		super(delegate);
		this.tracker = tracker;
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
