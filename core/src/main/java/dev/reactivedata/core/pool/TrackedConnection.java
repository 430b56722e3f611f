package dev.reactivedata.core.pool;

import java.util.concurrent.atomic.AtomicBoolean;

import io.r2dbc.spi.Connection;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * A pooled connection as handed out by {@link GuardedConnectionPool}: tells the leak tracker when it goes back
 * to the pool.
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
			if (this.released.compareAndSet(false, true)) {
				this.tracker.released(this);
			}
			return Mono.from(this.delegate.close());
		});
	}

}
