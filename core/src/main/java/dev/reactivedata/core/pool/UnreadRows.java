package dev.reactivedata.core.pool;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

/**
 * The rest of a result whose subscriber cancelled outside a transaction, read and dropped until {@link #LIMIT} has
 * passed. Outside a transaction the driver streams a whole result in one {@code Execute}, held back only by TCP, so
 * the rest of a large result (a cancelled export, {@code take(10)} of a big table) would keep the connection for as
 * long as the server takes to produce it. A row that arrives past the limit discards the connection: closed, its
 * statement cancelled on the server, and evicted rather than handed out again. Until the result is read, its
 * statement counts as under way, so the connection goes back to the pool only once it is over.
 * <p>
 * The limit is checked as rows arrive, not by a timer: most cancellations ({@code next()} of a point read) end with
 * the result's next message, and a timer for each would cost more than the read.
 */
final class UnreadRows {

	/** How long the rest of a cancelled result may take: tens of thousands of rows, or a new connection's cost. */
	static final Duration LIMIT = Duration.ofMillis(100);

	private final TrackedConnection connection;

	private final Runnable onRead;

	private final long deadline = System.nanoTime() + LIMIT.toNanos();

	private final AtomicBoolean over = new AtomicBoolean();

	private UnreadRows(TrackedConnection connection, Runnable onRead) {
		this.connection = connection;
		this.onRead = onRead;
	}

	/** A row of the rest arrived: past the limit, the connection is discarded. */
	void row() {
		if (System.nanoTime() - this.deadline > 0 && this.over.compareAndSet(false, true)) {
			this.connection.discardUnread(LIMIT);
			this.onRead.run();
		}
	}

	/** The result ended, completed or failed: the connection can go back. */
	void end() {
		if (this.over.compareAndSet(false, true)) {
			this.onRead.run();
		}
	}

	/**
	 * Starts reading the rest of a cancelled result on {@code connection}, or returns {@code null} inside a
	 * transaction, which discarding the connection would break: there the driver reads the rest itself (with a fetch
	 * size, only the current window).
	 * @param onRead told once, when the rest is read or the connection discarded
	 */
	static @Nullable UnreadRows after(TrackedConnection connection, Runnable onRead) {
		return connection.isOutsideTransaction() ? new UnreadRows(connection, onRead) : null;
	}

}
