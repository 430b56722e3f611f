package dev.reactivedata.core.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads the primary's WAL position and each replica's replayed position once per poll. The lag in bytes is the
 * distance between the two; the lag in time is how long ago the primary first reached a position the replica
 * has not replayed yet (from the primary positions of earlier polls), which stays zero on an idle primary where
 * {@code now() - pg_last_xact_replay_timestamp()} would grow without any lag.
 */
final class ReplicaPoller {

	private static final Log logger = LogFactory.getLog(ReplicaPoller.class);

	static final String PRIMARY_POSITION = "SELECT pg_current_wal_insert_lsn()::text";

	static final String REPLICA_POSITION = "SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()"
			+ " ELSE pg_current_wal_insert_lsn() END)::text";

	private final ConnectionFactory primary;

	private final List<ReplicaNode> replicas;

	private final ReadRoutingOptions options;

	private final Clock clock;

	private final int maxSamples;

	// Primary positions of recent polls, oldest first; only the (sequential) poll touches it.
	private final Deque<Sample> samples = new ArrayDeque<>();

	ReplicaPoller(ConnectionFactory primary, List<ReplicaNode> replicas, ReadRoutingOptions options, Clock clock) {
		this.primary = primary;
		this.replicas = replicas;
		this.options = options;
		this.clock = clock;
		long keep = options.maxLag().multipliedBy(2).plusSeconds(10).toMillis() / options.pollInterval().toMillis();
		this.maxSamples = (int) Math.max(2, Math.min(keep, 10_000));
	}

	/** Polls the primary, then every replica; completes when all are done, never with an error. */
	Mono<Void> poll() {
		return position(this.primary, PRIMARY_POSITION)
			.doOnNext(this::sample)
			.onErrorResume(error -> {
				logger.warn("Could not read the primary's WAL position; replica lag is measured against "
						+ "the last one known", error);
				return Mono.empty();
			})
			.thenMany(Flux.fromIterable(this.replicas).flatMap(this::poll))
			.then();
	}

	private synchronized void sample(ConsistencyToken position) {
		Sample last = this.samples.peekLast();
		if (last == null || !last.position.equals(position)) {
			this.samples.addLast(new Sample(position, this.clock.instant()));
		}
		while (this.samples.size() > this.maxSamples) {
			this.samples.removeFirst();
		}
	}

	private Mono<Void> poll(ReplicaNode replica) {
		return position(replica.factory(), REPLICA_POSITION)
			.doOnNext(replayed -> measured(replica, replayed))
			.switchIfEmpty(Mono.fromRunnable(() -> replica.failed("has not replayed any WAL yet")))
			.onErrorResume(error -> {
				if (replica.status().healthy()) {
					logger.warn("Replica '" + replica.name() + "' is taken out of read routing: " + error);
				}
				replica.failed("unreachable: " + error.getMessage());
				return Mono.empty();
			})
			.then();
	}

	private synchronized void measured(ReplicaNode replica, ConsistencyToken replayed) {
		Sample latest = this.samples.peekLast();
		long lagBytes = (latest != null) ? latest.position.bytesAfter(replayed) : 0;
		Duration lag = Duration.ZERO;
		for (Sample sample : this.samples) {
			if (!replayed.reached(sample.position)) {
				lag = Duration.between(sample.at, this.clock.instant());
				break;
			}
		}
		String problem = null;
		if (lag.compareTo(this.options.maxLag()) > 0) {
			problem = "lags " + lag.toMillis() + " ms behind the primary (max " + this.options.maxLag().toMillis() + " ms)";
		}
		else if (lagBytes > this.options.maxLagBytes()) {
			problem = "lags " + lagBytes + " bytes behind the primary (max " + this.options.maxLagBytes() + ")";
		}
		boolean wasHealthy = replica.status().healthy();
		replica.polled(replayed, lagBytes, lag, problem);
		if (problem != null && wasHealthy) {
			logger.warn("Replica '" + replica.name() + "' is taken out of read routing: it " + problem);
		}
		else if (problem == null && !wasHealthy) {
			logger.info("Replica '" + replica.name() + "' serves reads again");
		}
	}

	private Mono<ConsistencyToken> position(ConnectionFactory factory, String sql) {
		return Mono.usingWhen(factory.create(),
				connection -> query(connection, sql),
				Connection::close)
			.timeout(this.options.pollTimeout());
	}

	private static Mono<ConsistencyToken> query(Connection connection, String sql) {
		return Flux.from(connection.createStatement(sql).execute())
			.concatMap(result -> result.map((row, metadata) -> {
				String text = row.get(0, String.class);
				return (text != null) ? ConsistencyToken.parse(text) : Unknown.INSTANCE;
			}))
			.next()
			.filter(ConsistencyToken.class::isInstance)
			.cast(ConsistencyToken.class);
	}

	/** A NULL position: Reactor carries no nulls. */
	private enum Unknown {

		INSTANCE

	}

	private record Sample(ConsistencyToken position, Instant at) {
	}

}
