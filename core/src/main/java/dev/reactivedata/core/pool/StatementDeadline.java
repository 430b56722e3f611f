package dev.reactivedata.core.pool;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

/**
 * The timer of one statement execution: armed when the execution is subscribed, disarmed by the first row or
 * row count, by the end of the consumption or by its cancellation. When it fires first, the connection is
 * discarded (which fails the execution) and the failure is translated into {@link StatementTimeoutException}.
 */
final class StatementDeadline implements Runnable {

	private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	private static final int ARMED = 0;

	private static final int DISARMED = 1;

	private static final int EXPIRED = 2;

	private final TrackedConnection connection;

	private final Duration timeout;

	private final AtomicInteger state = new AtomicInteger(ARMED);

	private final Disposable timer;

	StatementDeadline(TrackedConnection connection, Duration timeout) {
		this.connection = connection;
		this.timeout = timeout;
		this.timer = Schedulers.parallel().schedule(this, timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	void disarm() {
		if (this.state.get() == ARMED && this.state.compareAndSet(ARMED, DISARMED)) {
			this.timer.dispose();
		}
	}

	@Override
	public void run() {
		if (this.state.compareAndSet(ARMED, EXPIRED)) {
			this.connection.discard(this.timeout);
		}
	}

	Throwable translate(Throwable error) {
		if (this.state.get() != EXPIRED || error instanceof StatementTimeoutException) {
			return error;
		}
		return new StatementTimeoutException("The database sent no answer to a statement within "
				+ this.timeout.toMillis() + " ms: the statement was cancelled and its connection discarded", error,
				RETRY_AFTER);
	}

}
