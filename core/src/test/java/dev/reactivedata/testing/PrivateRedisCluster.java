package dev.reactivedata.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A local Redis Cluster of the test's own: three masters (no replicas), each a {@link PrivateRedis} in
 * cluster mode on a free port whose cluster-bus port (port + 10000) is free too, with the 16384 slots split
 * evenly. Close it after the test, or take the JVM's {@link #shared()} one that a shutdown hook stops.
 */
public final class PrivateRedisCluster implements AutoCloseable {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

	private static @Nullable PrivateRedisCluster shared;

	private final List<PrivateRedis> nodes;

	private PrivateRedisCluster(List<PrivateRedis> nodes) {
		this.nodes = nodes;
	}

	/**
	 * Starts three masters, assigns the slots, joins them and waits until every node reports
	 * {@code cluster_state:ok}.
	 * @return the running cluster
	 */
	public static PrivateRedisCluster start() {
		List<PrivateRedis> nodes = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				nodes.add(PrivateRedis.start(clusterPort(), List.of("--cluster-enabled", "yes", "--cluster-config-file",
						"nodes.conf", "--cluster-node-timeout", "5000")));
			}
			int[][] ranges = { { 0, 5460 }, { 5461, 10922 }, { 10923, 16383 } };
			for (int i = 0; i < 3; i++) {
				List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTSRANGE"));
				command.add(String.valueOf(ranges[i][0]));
				command.add(String.valueOf(ranges[i][1]));
				expectOk(nodes.get(i).command(command.toArray(String[]::new)));
			}
			for (int i = 1; i < 3; i++) {
				expectOk(nodes.get(0).command("CLUSTER", "MEET", "127.0.0.1", String.valueOf(nodes.get(i).port())));
			}
			PrivateRedisCluster cluster = new PrivateRedisCluster(List.copyOf(nodes));
			cluster.awaitReady();
			return cluster;
		}
		catch (RuntimeException ex) {
			nodes.forEach(PrivateRedis::close);
			throw ex;
		}
	}

	/**
	 * Returns the cluster of this JVM, started on first use and stopped by a shutdown hook: for test classes that
	 * keep their keys apart (a key prefix of their own) and never stop its nodes.
	 * @return the running cluster
	 */
	public static synchronized PrivateRedisCluster shared() {
		if (shared == null) {
			PrivateRedisCluster started = start();
			Runtime.getRuntime().addShutdownHook(new Thread(started::close, "rdl-private-redis-cluster-stop"));
			shared = started;
		}
		return shared;
	}

	/** @return the nodes' URIs, {@code redis://127.0.0.1:<port>} each */
	public List<String> uris() {
		return this.nodes.stream().map(PrivateRedis::uri).toList();
	}

	/** @return the nodes */
	public List<PrivateRedis> nodes() {
		return this.nodes;
	}

	/**
	 * Returns the number of keys a node holds ({@code DBSIZE}).
	 * @param node the node's index, 0 to 2
	 * @return its key count
	 */
	public long keysOn(int node) {
		return Long.parseLong(this.nodes.get(node).command("DBSIZE").substring(1));
	}

	@Override
	public void close() {
		this.nodes.forEach(PrivateRedis::close);
	}

	private void awaitReady() {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			boolean ready = this.nodes.stream().allMatch(node -> {
				String info = node.command("CLUSTER", "INFO");
				return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3");
			});
			if (ready) {
				return;
			}
			PrivateRedis.pauseBriefly();
		}
		throw new IllegalStateException("The private Redis Cluster did not reach cluster_state:ok within " + READY_TIMEOUT);
	}

	private static int clusterPort() {
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = PrivateRedis.freePort();
			if (port + 10000 < 65536 && PrivateRedis.portFree(port + 10000)) {
				return port;
			}
		}
		throw new IllegalStateException("Could not find a free port whose cluster-bus port is free too");
	}

	private static void expectOk(String reply) {
		if (!reply.equals("+OK")) {
			throw new IllegalStateException("Redis Cluster setup failed: " + reply);
		}
	}

}
