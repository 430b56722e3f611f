package dev.reactivedata.core.routing;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the routing knows about one replica, from its last poll.
 *
 * @param name the replica's configured name
 * @param healthy whether it serves reads now: reachable at the last poll, lagging within the limits, and no
 * connection failure since
 * @param lagBytes WAL bytes the primary had written that the replica had not replayed, at the last poll
 * @param lag how long the replica has been behind the primary's position, zero when caught up
 * @param replayed the position it had replayed, or {@code null} before the first successful poll
 * @param polledAt when it was last polled successfully, or {@code null} if never
 * @param problem why it is not healthy, or {@code null}
 */
public record ReplicaStatus(String name, boolean healthy, long lagBytes, Duration lag,
		@Nullable ConsistencyToken replayed, @Nullable Instant polledAt, @Nullable String problem) {

	/** @return the lag in seconds, with millisecond precision */
	public double lagSeconds() {
		return this.lag.toMillis() / 1000.0;
	}

}
