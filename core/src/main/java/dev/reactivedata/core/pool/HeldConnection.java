package dev.reactivedata.core.pool;

import java.time.Duration;
import java.time.Instant;

/**
 * A connection in use, as the leak report shows it.
 *
 * @param acquiredAt when it was acquired
 * @param heldFor how long it has been held so far
 * @param thread the thread that acquired it
 * @param callSite where it was acquired: the first stack frames outside Reactor, R2DBC, Spring and this
 * library, or a text starting with {@code "unknown"} when call-site capture is off or the connection was acquired
 * on a non-blocking thread (an event loop), whose stack never holds the caller
 */
public record HeldConnection(Instant acquiredAt, Duration heldFor, String thread, String callSite) {

	@Override
	public String toString() {
		return "held for " + this.heldFor.toMillis() + " ms, acquired on " + this.thread + " at " + this.callSite;
	}

}
