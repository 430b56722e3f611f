package dev.reactivedata.cache.redis;

import java.time.Duration;
import java.util.Objects;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;

/**
 * Lettuce client options that suit a cache. Lettuce's defaults suit a primary store: while disconnected it
 * queues commands without bound and replays them on reconnect, which turns a stale SET from minutes ago into
 * a stale cache entry now. A cache must instead fail fast and fall back to the database.
 */
public final class CacheClientOptions {

	/** Default command timeout: a cache answer later than this is worth less than a database read. */
	public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(250);

	private CacheClientOptions() {
	}

	/**
	 * Creates options that reject commands while disconnected, never replay queued commands after a
	 * reconnect, time every command out after {@code commandTimeout}, keep idle sockets alive with TCP
	 * keepalive so a dead peer is noticed, and emit reactive signals off the I/O thread.
	 * @param commandTimeout the command timeout, for example {@link #DEFAULT_COMMAND_TIMEOUT}
	 * @return the client options
	 */
	public static ClientOptions create(Duration commandTimeout) {
		Objects.requireNonNull(commandTimeout, "commandTimeout must not be null");
		return ClientOptions.builder()
			.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.replayFilter(command -> true)
			// Reactive signals on Lettuce's computation threads, not the I/O thread: what callers chain on a store or
			// an eviction must not hold up the replies of every other command on the shared connection. (The hit
			// path's GET is asynchronous: its few microseconds of decoding stay on the I/O thread.)
			.publishOnScheduler(true)
			.timeoutOptions(TimeoutOptions.enabled(commandTimeout))
			.socketOptions(SocketOptions.builder()
				.connectTimeout(commandTimeout.multipliedBy(4))
				.keepAlive(SocketOptions.KeepAliveOptions.builder()
					.enable()
					.idle(Duration.ofSeconds(30))
					.interval(Duration.ofSeconds(10))
					.count(3)
					.build())
				.build())
			.build();
	}

	/**
	 * Creates the same options as {@link #create(Duration)} for a Redis Cluster client, with adaptive topology
	 * refresh (on MOVED/ASK redirects and reconnects) and a periodic refresh every 30 seconds, so a failover
	 * is followed.
	 * @param commandTimeout the command timeout
	 * @return the cluster client options
	 */
	public static ClusterClientOptions createCluster(Duration commandTimeout) {
		return ClusterClientOptions.builder(create(commandTimeout))
			.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
				.enableAllAdaptiveRefreshTriggers()
				.enablePeriodicRefresh(Duration.ofSeconds(30))
				.build())
			.build();
	}

}
