package dev.reactivedata.cache.redis;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One Lettuce connection shared by every cache operation (Lettuce connections are thread-safe and
 * multiplexed). It is opened on first use, not at start-up, so the application starts while Redis is down,
 * and it is opened again when a previous attempt failed or the connection was closed. It talks either to one
 * Redis server ({@link #SharedRedisConnection(RedisClient, RedisURI)}) or to a Redis Cluster
 * ({@link #cluster(RedisClusterClient)}). Connecting starts on {@code boundedElastic}: Lettuce's connect
 * path may block briefly (resources, DNS), which must not happen on an event loop. A connection being opened is
 * handed on on {@code parallel}, so what callers chain on it does not run on Lettuce's I/O thread; an open one is
 * handed over on the caller's thread.
 */
public final class SharedRedisConnection implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SharedRedisConnection.class);

	/** How long {@link #close()} waits for each client to shut down. */
	private static final long SHUTDOWN_TIMEOUT_SECONDS = 10;

	private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

	private final AbstractRedisClient client;

	private final boolean cluster;

	private final @Nullable RedisURI uri;

	private @Nullable RedisClient dedicatedClient;

	private volatile boolean closed;

	private final Mono<StatefulConnection<String, byte[]>> connection;

	private final AtomicReference<@Nullable CompletableFuture<StatefulConnection<String, byte[]>>> current = new AtomicReference<>();

	/**
	 * Creates the shared connection to one Redis server; nothing is opened until the first command.
	 * @param client a client configured with {@link CacheClientOptions}
	 * @param uri the server to connect to
	 */
	public SharedRedisConnection(RedisClient client, RedisURI uri) {
		this.client = Objects.requireNonNull(client, "client must not be null");
		Objects.requireNonNull(uri, "uri must not be null");
		this.cluster = false;
		this.uri = uri;
		this.connection = shared(Mono.defer(() -> Mono.fromCompletionStage(client.connectAsync(CODEC, uri))));
	}

	private SharedRedisConnection(RedisClusterClient client) {
		this.client = client;
		this.cluster = true;
		this.uri = null;
		// The topology is loaded (again) before each connect: connectAsync alone expects it loaded already.
		this.connection = shared(Mono.defer(() -> Mono.fromCompletionStage(client.refreshPartitionsAsync()))
			.then(Mono.defer(() -> Mono.fromCompletionStage(client.connectAsync(CODEC)))));
	}

	/**
	 * Shares one connection among all callers: the first caller that finds none open starts {@code connect}, and
	 * every caller until it completes waits for that same attempt. A caller that cancels (a timeout, a cancelled
	 * request) never cancels the attempt: with a cancellable shared attempt, a cancellation that came before the
	 * attempt had started left every later caller waiting for a connect that never ran. A failed attempt is not
	 * kept: the next caller starts another.
	 * <p>
	 * An open connection is handed over at once, on the caller's thread: every command asks for the connection,
	 * and a hop to another thread per command would cost more than the command. Only a caller that waits for an
	 * attempt gets it on {@code parallel}, since the attempt completes on Lettuce's I/O thread.
	 */
	private Mono<StatefulConnection<String, byte[]>> shared(Mono<? extends StatefulConnection<String, byte[]>> connect) {
		Mono<StatefulConnection<String, byte[]>> attempt = connect.<StatefulConnection<String, byte[]>>map(opened -> opened)
			.subscribeOn(Schedulers.boundedElastic());
		return Mono.defer(() -> {
			CompletableFuture<StatefulConnection<String, byte[]>> connection = currentOrStart(attempt);
			Mono<StatefulConnection<String, byte[]>> answer = Mono.fromFuture(connection, true);
			return connection.isDone() ? answer : answer.publishOn(Schedulers.parallel());
		});
	}

	private CompletableFuture<StatefulConnection<String, byte[]>> currentOrStart(
			Mono<StatefulConnection<String, byte[]>> attempt) {
		while (true) {
			CompletableFuture<StatefulConnection<String, byte[]>> existing = this.current.get();
			if (existing != null && (!existing.isDone()
					|| (!existing.isCompletedExceptionally() && existing.join().isOpen()))) {
				return existing;
			}
			CompletableFuture<StatefulConnection<String, byte[]>> started = new CompletableFuture<>();
			if (this.current.compareAndSet(existing, started)) {
				// Deliberately detached from the caller: the attempt completes the shared future whoever cancels.
				attempt.subscribe(started::complete, started::completeExceptionally);
				return started;
			}
		}
	}

	/**
	 * Creates the shared connection to a Redis Cluster; nothing is opened until the first command. Commands
	 * on several keys (such as {@code UNLINK}) are split by slot and {@code SCAN} walks every master.
	 * @param client a cluster client configured with {@link CacheClientOptions#createCluster}, knowing its
	 * seed nodes
	 * @return the shared connection
	 */
	public static SharedRedisConnection cluster(RedisClusterClient client) {
		return new SharedRedisConnection(Objects.requireNonNull(client, "client must not be null"));
	}

	/**
	 * Creates a Lettuce cluster client for the given seed nodes with {@link CacheClientOptions}.
	 * @param seeds at least one node of the cluster
	 * @param commandTimeout the command timeout
	 * @return a new cluster client
	 */
	public static RedisClusterClient clusterClient(List<RedisURI> seeds, java.time.Duration commandTimeout) {
		Objects.requireNonNull(seeds, "seeds must not be null");
		if (seeds.isEmpty()) {
			throw new IllegalArgumentException("seeds must not be empty");
		}
		// A seed's timeout bounds the connection handshake; commands are bound by the options' command timeout.
		seeds.forEach(seed -> seed.setTimeout(commandTimeout.multipliedBy(4)));
		RedisClusterClient client = RedisClusterClient.create(seeds);
		client.setOptions(CacheClientOptions.createCluster(commandTimeout));
		return client;
	}

	/**
	 * Tells whether this connection talks to a Redis Cluster.
	 * @return {@code true} for a cluster
	 */
	public boolean isCluster() {
		return this.cluster;
	}

	/**
	 * Emits the reactive commands of the shared connection to one Redis server, opening it if needed; emits
	 * the connect error when Redis cannot be reached, and {@link UnsupportedOperationException} on a cluster
	 * connection (use {@link #keyCommands()} there).
	 * @return the reactive commands
	 */
	public Mono<RedisReactiveCommands<String, byte[]>> commands() {
		if (this.cluster) {
			return Mono.error(new UnsupportedOperationException("A Redis Cluster connection offers keyCommands()"));
		}
		return this.connection.map(connection -> ((StatefulRedisConnection<String, byte[]>) connection).reactive());
	}

	/**
	 * Emits the reactive commands that work on one server and on a cluster alike, opening the connection if
	 * needed; emits the connect error when Redis cannot be reached. On a cluster, the returned commands route
	 * each key to its slot's master, split multi-key commands by slot and scan every master.
	 * @return the reactive commands
	 */
	public Mono<RedisClusterReactiveCommands<String, byte[]>> keyCommands() {
		return this.connection.map(SharedRedisConnection::reactive);
	}

	/**
	 * Emits the asynchronous commands that work on one server and on a cluster alike, opening the connection if
	 * needed. They cost less per command than the reactive ones (no publisher state machine), which counts on
	 * the hit path; their futures complete on Lettuce's I/O thread.
	 * @return the asynchronous commands
	 */
	public Mono<RedisClusterAsyncCommands<String, byte[]>> asyncKeyCommands() {
		return this.connection.map(SharedRedisConnection::async);
	}

	@SuppressWarnings("unchecked")
	private static RedisClusterAsyncCommands<String, byte[]> async(StatefulConnection<String, byte[]> connection) {
		if (connection instanceof StatefulRedisClusterConnection<?, ?> clusterConnection) {
			return ((StatefulRedisClusterConnection<String, byte[]>) clusterConnection).async();
		}
		return ((StatefulRedisConnection<String, byte[]>) connection).async();
	}

	@SuppressWarnings("unchecked")
	private static RedisClusterReactiveCommands<String, byte[]> reactive(StatefulConnection<String, byte[]> connection) {
		if (connection instanceof StatefulRedisClusterConnection<?, ?> clusterConnection) {
			return ((StatefulRedisClusterConnection<String, byte[]>) clusterConnection).reactive();
		}
		return ((StatefulRedisConnection<String, byte[]>) connection).reactive();
	}

	/**
	 * Opens a connection of its own to the same server, for a near cache kept coherent by Redis client-side
	 * caching: it speaks RESP3 (so Redis can push invalidations on it) and is not reconnected automatically
	 * (a reconnected connection would silently stop tracking; its owner opens a new one instead). Its other
	 * options are the shared connection's. The caller closes it. Connecting starts on {@code boundedElastic}.
	 * @return the new connection, the connect error, or {@link UnsupportedOperationException} on a Redis
	 * Cluster (use {@link #openDedicated(RedisURI)} with a node of {@link #clusterTopology()} there)
	 */
	public Mono<StatefulRedisConnection<String, byte[]>> openDedicated() {
		RedisURI server = this.uri;
		if (server == null) {
			return Mono.error(new UnsupportedOperationException(
					"A dedicated tracking connection on a Redis Cluster needs the node to open it to"));
		}
		return openDedicated(server);
	}

	/**
	 * Opens a connection of its own to one node, as {@link #openDedicated()} does to the one server: on a Redis
	 * Cluster, a node of {@link #clusterTopology()}, whose URI carries the seeds' credentials and timeouts.
	 * @param node the node to connect to
	 * @return the new connection, or the connect error
	 */
	public Mono<StatefulRedisConnection<String, byte[]>> openDedicated(RedisURI node) {
		Objects.requireNonNull(node, "node must not be null");
		return Mono.defer(() -> Mono.fromCompletionStage(dedicatedClient().connectAsync(CODEC, node)))
			.subscribeOn(Schedulers.boundedElastic());
	}

	/**
	 * Returns the slot map of the open cluster connection, as Lettuce keeps it (refreshed in place on
	 * redirects, reconnects and periodically), without opening anything or waiting.
	 * @return the topology, or {@code null} on one server or while the cluster connection is not open
	 */
	public @Nullable Partitions clusterTopology() {
		CompletableFuture<StatefulConnection<String, byte[]>> opened = this.current.get();
		if (!this.cluster || opened == null || !opened.isDone() || opened.isCompletedExceptionally()) {
			return null;
		}
		StatefulConnection<String, byte[]> connection = opened.join();
		return (connection instanceof StatefulRedisClusterConnection<?, ?> clusterConnection && connection.isOpen())
				? clusterConnection.getPartitions() : null;
	}

	private synchronized RedisClient dedicatedClient() {
		RedisClient dedicated = this.dedicatedClient;
		if (dedicated == null) {
			// A copy as plain client options: a cluster client's own carry topology settings a node connection ignores.
			ClientOptions shared = ClientOptions.copyOf(this.client.getOptions());
			dedicated = RedisClient.create(this.client.getResources());
			dedicated.setOptions(shared.mutate()
				.autoReconnect(false)
				.protocolVersion(ProtocolVersion.RESP3)
				.publishOnScheduler(false)
				.build());
			this.dedicatedClient = dedicated;
		}
		return dedicated;
	}

	/**
	 * Emits Redis's answer to {@code PING}.
	 * @return {@code PONG}, or the error
	 */
	public Mono<String> ping() {
		return keyCommands().flatMap(RedisClusterReactiveCommands::ping);
	}

	/**
	 * Tells whether {@link #close()} was called.
	 * @return {@code true} once closed
	 */
	public boolean isClosed() {
		return this.closed;
	}

	/**
	 * Shuts the client down, closing the connection.
	 */
	@Override
	public void close() {
		this.closed = true;
		RedisClient dedicated;
		synchronized (this) {
			dedicated = this.dedicatedClient;
		}
		if (dedicated != null) {
			shutdown(dedicated);
		}
		shutdown(this.client);
	}

	/**
	 * Shuts a client down, waiting a bounded time. Lettuce's own {@code shutdown()} waits without bound for every
	 * connection to close, and a cluster client whose topology refresh is stuck in a connection handshake never
	 * gets there (lettuce#2278): closing would then hang the application's shutdown.
	 */
	private static void shutdown(AbstractRedisClient client) {
		try {
			client.shutdownAsync(0, 2, TimeUnit.SECONDS).get(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("The Redis client did not shut down cleanly within " + SHUTDOWN_TIMEOUT_SECONDS
					+ " seconds; going on without it", ex);
		}
	}

}
