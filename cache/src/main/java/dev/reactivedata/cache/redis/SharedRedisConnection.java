package dev.reactivedata.cache.redis;

import java.util.List;
import java.util.Objects;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One Lettuce connection shared by every cache operation (Lettuce connections are thread-safe and
 * multiplexed). It is opened on first use, not at start-up, so the application starts while Redis is down,
 * and it is opened again when a previous attempt failed or the connection was closed. It talks either to one
 * Redis server ({@link #SharedRedisConnection(RedisClient, RedisURI)}) or to a Redis Cluster
 * ({@link #cluster(RedisClusterClient)}). Connecting starts on {@code boundedElastic}: Lettuce's connect
 * path may block briefly (resources, DNS), which must not happen on an event loop. The connection is handed
 * on on {@code parallel}, so what callers chain on a new connection does not run on Lettuce's I/O thread.
 */
public final class SharedRedisConnection implements AutoCloseable {

	private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

	private final AbstractRedisClient client;

	private final boolean cluster;

	private final Mono<? extends StatefulConnection<String, byte[]>> connection;

	/**
	 * Creates the shared connection to one Redis server; nothing is opened until the first command.
	 * @param client a client configured with {@link CacheClientOptions}
	 * @param uri the server to connect to
	 */
	public SharedRedisConnection(RedisClient client, RedisURI uri) {
		this.client = Objects.requireNonNull(client, "client must not be null");
		Objects.requireNonNull(uri, "uri must not be null");
		this.cluster = false;
		this.connection = Mono.defer(() -> Mono.fromCompletionStage(client.connectAsync(CODEC, uri)))
			.subscribeOn(Schedulers.boundedElastic())
			.publishOn(Schedulers.parallel())
			.cacheInvalidateIf(connection -> !connection.isOpen());
	}

	private SharedRedisConnection(RedisClusterClient client) {
		this.client = client;
		this.cluster = true;
		// The topology is loaded (again) before each connect: connectAsync alone expects it loaded already.
		this.connection = Mono.defer(() -> Mono.fromCompletionStage(client.refreshPartitionsAsync()))
			.then(Mono.defer(() -> Mono.fromCompletionStage(client.connectAsync(CODEC))))
			.subscribeOn(Schedulers.boundedElastic())
			.publishOn(Schedulers.parallel())
			.cacheInvalidateIf(connection -> !connection.isOpen());
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
	 * Emits Redis's answer to {@code PING}.
	 * @return {@code PONG}, or the error
	 */
	public Mono<String> ping() {
		return keyCommands().flatMap(RedisClusterReactiveCommands::ping);
	}

	/**
	 * Shuts the client down, closing the connection.
	 */
	@Override
	public void close() {
		this.client.shutdown();
	}

}
