package dev.reactivedata.core.routing;

import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.ContextView;

/**
 * A connection factory that sends reads to PostgreSQL streaming replicas and everything else to the primary,
 * deciding per subscription from the Reactor Context, as Spring's {@code AbstractRoutingConnectionFactory} does:
 * <ul>
 * <li>a connection requested under {@link ReplicaReads#allow()} (repository reads, read-only transactions) comes
 * from the least busy replica that is healthy (reachable at its last poll, lagging within
 * {@link ReadRoutingOptions#maxLag()} and {@link ReadRoutingOptions#maxLagBytes()}) and, when a
 * {@link ConsistencySession} is bound, has replayed the session's token; when none qualifies, or the chosen
 * replica cannot be reached, from the primary — a replica that is down never fails a read;</li>
 * <li>any other connection comes from the primary; with a session bound, each write's commit sends the session's
 * reads to the primary until its position is captured ({@link ConsistencySession#latest()}).</li>
 * </ul>
 * A read-write transaction acquires its one connection when it begins, so reads inside it stay on the primary.
 * Replica positions are polled in the background between {@link #start()} and {@link #stop()};
 * {@link #close()} stops for good and closes the replicas' factories.
 */
public final class ReadRoutingConnectionFactory implements ConnectionFactory, Wrapped<ConnectionFactory>, Closeable {

	private static final Log logger = LogFactory.getLog(ReadRoutingConnectionFactory.class);

	private final ConnectionFactory primary;

	private final List<ReplicaNode> replicas;

	private final ReplicaPoller poller;

	private final ReadRoutingOptions options;

	private final Disposable.Swap polling = Disposables.swap();

	private ReadRoutingConnectionFactory(ConnectionFactory primary, List<ReplicaNode> replicas,
			ReadRoutingOptions options, Clock clock) {
		this.primary = primary;
		this.replicas = replicas;
		this.options = options;
		this.poller = new ReplicaPoller(primary, replicas, options, clock);
	}

	/**
	 * Creates a routing factory. Replicas serve no reads until polled: call {@link #start()}.
	 * @param primary the primary's (pooled) connection factory
	 * @param replicas each replica's (pooled) connection factory by name, in configuration order
	 * @param options the lag limits and polling settings
	 * @return the routing factory
	 */
	public static ReadRoutingConnectionFactory create(ConnectionFactory primary, Map<String, ConnectionFactory> replicas,
			ReadRoutingOptions options) {
		return create(primary, replicas, options, Clock.systemUTC());
	}

	static ReadRoutingConnectionFactory create(ConnectionFactory primary, Map<String, ConnectionFactory> replicas,
			ReadRoutingOptions options, Clock clock) {
		Objects.requireNonNull(primary, "primary must not be null");
		Objects.requireNonNull(replicas, "replicas must not be null");
		Objects.requireNonNull(options, "options must not be null");
		List<ReplicaNode> nodes = new ArrayList<>();
		replicas.forEach((name, factory) -> nodes.add(new ReplicaNode(name, factory, options, clock)));
		return new ReadRoutingConnectionFactory(primary, List.copyOf(nodes), options, clock);
	}

	/**
	 * Finds the routing factory behind a connection factory, unwrapping decorators such as the tenant binding.
	 * @param connectionFactory the application's connection factory
	 * @return the routing factory, or empty when reads are not routed
	 */
	public static Optional<ReadRoutingConnectionFactory> find(ConnectionFactory connectionFactory) {
		Object candidate = connectionFactory;
		for (int depth = 0; depth < 16 && candidate != null; depth++) {
			if (candidate instanceof ReadRoutingConnectionFactory routing) {
				return Optional.of(routing);
			}
			if (!(candidate instanceof Wrapped<?> wrapped) || wrapped.unwrap() == candidate) {
				break;
			}
			candidate = wrapped.unwrap();
		}
		return Optional.empty();
	}

	/**
	 * Acquires a connection from the replica or the primary, as the subscriber's context decides. Emits the
	 * primary's errors; a replica's acquire errors send the read to the primary instead.
	 * @return the connection; close it to give it back
	 */
	@Override
	public Mono<Connection> create() {
		return Mono.deferContextual(context -> {
			Optional<ConsistencySession> session = ConsistencySession.from(context);
			if (!ReplicaReads.allowed(context)) {
				return primary(session);
			}
			ReplicaNode replica = choose(session);
			if (replica == null) {
				return primary(session);
			}
			return Mono.<Connection>from(replica.factory().create())
				.onErrorResume(error -> {
					logger.warn("Replica '" + replica.name() + "' could not serve a read, the primary does: " + error);
					replica.failed("connection failed: " + error.getMessage());
					return primary(session);
				});
		});
	}

	private @Nullable ReplicaNode choose(Optional<ConsistencySession> session) {
		if (session.map(ConsistencySession::primaryOnly).orElse(false)) {
			return null;
		}
		ConsistencyToken token = session.flatMap(ConsistencySession::token).orElse(null);
		ReplicaNode best = null;
		int bestBusy = Integer.MAX_VALUE;
		for (ReplicaNode candidate : this.replicas) {
			if (candidate.serves(token)) {
				int busy = candidate.busy();
				if (busy < bestBusy) {
					best = candidate;
					bestBusy = busy;
				}
			}
		}
		return best;
	}

	private Mono<Connection> primary(Optional<ConsistencySession> session) {
		Mono<Connection> connection = Mono.from(this.primary.create());
		return session.isPresent()
				? connection.map(acquired -> new CommitCapturingConnection(acquired, session.get(), this.primary))
				: connection;
	}

	/**
	 * Tells whether a read requested with the given context would go to a replica now, without acquiring anything.
	 * @param context a subscriber's context
	 * @return {@code true} when a replica qualifies
	 */
	public boolean wouldUseReplica(ContextView context) {
		return ReplicaReads.allowed(context) && choose(ConsistencySession.from(context)) != null;
	}

	/** @return what the last poll found on each replica, in configuration order */
	public List<ReplicaStatus> replicas() {
		return this.replicas.stream().map(ReplicaNode::status).toList();
	}

	/** @return the lag limits and polling settings */
	public ReadRoutingOptions options() {
		return this.options;
	}

	/**
	 * Polls the primary and every replica once, now. Completes when done, never with an error (an unreachable
	 * replica is recorded as such).
	 * @return completion of the poll
	 */
	public Mono<Void> poll() {
		return this.poller.poll();
	}

	/** Starts polling the replicas, first at once, then every poll interval; idempotent. */
	public synchronized void start() {
		Disposable current = this.polling.get();
		if (current != null && !current.isDisposed()) {
			return;
		}
		this.polling.update(Flux.interval(Duration.ZERO, this.options.pollInterval(), Schedulers.parallel())
			.onBackpressureDrop()
			.concatMap(tick -> poll(), 1)
			.subscribe(null, error -> logger.error("Replica polling stopped", error)));
	}

	/** Stops polling; replicas keep the state of their last poll and stop serving reads once it is stale. */
	public synchronized void stop() {
		Disposable current = this.polling.get();
		if (current != null) {
			current.dispose();
		}
	}

	/** Stops polling for good and closes the replicas' connection factories. */
	@Override
	public void close() {
		this.polling.dispose();
		for (ReplicaNode replica : this.replicas) {
			if (replica.factory() instanceof Disposable disposable) {
				disposable.dispose();
			}
		}
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		return this.primary.getMetadata();
	}

	/** @return the primary's connection factory */
	@Override
	public ConnectionFactory unwrap() {
		return this.primary;
	}

}
