package dev.reactivedata.core.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.reactivedata.core.pool.GuardedConnectionPool;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import org.jspecify.annotations.Nullable;

/**
 * One replica: its connection factory and what the last poll found, kept as an immutable snapshot that routing
 * decisions read without locking.
 */
final class ReplicaNode {

	private final String name;

	private final ConnectionFactory factory;

	private final @Nullable PoolMetrics metrics;

	private final Clock clock;

	private final Duration staleAfter;

	private volatile State state = new State(null, 0, Duration.ZERO, null, "not polled yet");

	ReplicaNode(String name, ConnectionFactory factory, ReadRoutingOptions options, Clock clock) {
		this.name = name;
		this.factory = factory;
		this.metrics = metrics(factory);
		this.clock = clock;
		// A replica whose polls stopped succeeding is taken out after about three missed polls.
		this.staleAfter = options.pollInterval().multipliedBy(3).plus(options.pollTimeout());
	}

	String name() {
		return this.name;
	}

	ConnectionFactory factory() {
		return this.factory;
	}

	/** Connections of this replica in use now: the least busy replica serves the next read. */
	int busy() {
		return (this.metrics != null) ? this.metrics.acquiredSize() + this.metrics.pendingAcquireSize() : 0;
	}

	/**
	 * Tells whether this replica may serve a read that must see {@code token}: healthy at its last poll, that poll
	 * recent, and its replayed position at or past the token.
	 */
	boolean serves(@Nullable ConsistencyToken token) {
		State current = this.state;
		if (current.problem != null || current.replayed == null || current.polledAt == null
				|| current.polledAt.plus(this.staleAfter).isBefore(this.clock.instant())) {
			return false;
		}
		return token == null || current.replayed.reached(token);
	}

	void polled(ConsistencyToken replayed, long lagBytes, Duration lag, @Nullable String problem) {
		this.state = new State(replayed, lagBytes, lag, this.clock.instant(), problem);
	}

	void failed(String problem) {
		State current = this.state;
		this.state = new State(current.replayed, current.lagBytes, current.lag, current.polledAt, problem);
	}

	ReplicaStatus status() {
		State current = this.state;
		String problem = current.problem;
		if (problem == null && (current.polledAt == null
				|| current.polledAt.plus(this.staleAfter).isBefore(this.clock.instant()))) {
			problem = "no successful poll since " + current.polledAt;
		}
		return new ReplicaStatus(this.name, problem == null, current.lagBytes, current.lag, current.replayed,
				current.polledAt, problem);
	}

	private static @Nullable PoolMetrics metrics(ConnectionFactory factory) {
		Object candidate = factory;
		for (int depth = 0; depth < 16 && candidate != null; depth++) {
			if (candidate instanceof GuardedConnectionPool guarded) {
				return guarded.getMetrics().orElse(null);
			}
			if (candidate instanceof ConnectionPool pool) {
				return pool.getMetrics().orElse(null);
			}
			if (!(candidate instanceof Wrapped<?> wrapped) || wrapped.unwrap() == candidate) {
				break;
			}
			candidate = wrapped.unwrap();
		}
		return null;
	}

	private record State(@Nullable ConsistencyToken replayed, long lagBytes, Duration lag, @Nullable Instant polledAt,
			@Nullable String problem) {
	}

}
