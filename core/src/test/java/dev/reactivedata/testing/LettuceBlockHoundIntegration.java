package dev.reactivedata.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lets Lettuce take its endpoint's writer lock on a reactive thread: {@code SharedLock} guards a few field
 * updates per command with a {@code ReentrantLock} (no I/O), so two threads writing at once may park for a
 * moment. BlockHound must not fail that park: Lettuce calls {@code incrementWriters()} inside the
 * {@code try} whose {@code finally} decrements, so an error thrown from the lock leaves the writer count at
 * -1 and every later command on the connection spins forever.
 * <p>
 * Likewise, when a Redis Cluster node connection completes, Lettuce's cluster connection provider takes its state
 * lock (a {@code ReentrantLock}, no I/O) on the event loop to set the connection's auto-flush and push listener; two
 * node connections completing at once may park for a moment. That code is a lambda of
 * {@code NodeConnectionPostProcessor.apply} ({@code lambda$apply$4} in Lettuce 7.5).
 */
public final class LettuceBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters")
			.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "doExclusive")
			.allowBlockingCallsInside("io.lettuce.core.cluster.PooledClusterConnectionProvider$NodeConnectionPostProcessor",
					"lambda$apply$4");
	}

}
