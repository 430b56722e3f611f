package dev.reactivedata.cache.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.reactivedata.cache.redis.CacheClientOptions;
import dev.reactivedata.cache.redis.SharedRedisConnection;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Node;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Sentinel;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Standalone;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.StringUtils;

/**
 * Turns Spring Boot's {@link DataRedisConnectionDetails} (from {@code spring.data.redis.*}, Testcontainers'
 * {@code @ServiceConnection} or Docker Compose) and the rest of {@link DataRedisProperties} (client name, connect
 * timeout, SSL) into the cache's Lettuce client. The client keeps the cache's own {@link CacheClientOptions}:
 * commands are rejected while disconnected, never replayed, and time out after
 * {@code reactivedata.cache.command-timeout} rather than Spring Data Redis's {@code spring.data.redis.timeout},
 * because a cache answer later than that is worth less than a database read.
 */
final class CacheRedisConnections {

	private CacheRedisConnections() {
	}

	static SharedRedisConnection create(DataRedisConnectionDetails details, DataRedisProperties redis,
			Duration commandTimeout) {
		SslBundle sslBundle = details.getSslBundle();
		boolean ssl = sslBundle != null || usesSsl(redis.getUrl());
		DataRedisConnectionDetails.Cluster cluster = details.getCluster();
		if (cluster != null) {
			List<RedisURI> seeds = cluster.getNodes()
				.stream()
				.map(node -> dataNode(RedisURI.builder().withHost(node.host()).withPort(node.port()), details, redis,
						ssl, commandTimeout))
				.toList();
			if (seeds.isEmpty()) {
				throw new IllegalStateException("spring.data.redis.cluster.nodes must name at least one host:port");
			}
			RedisClusterClient client = RedisClusterClient.create(seeds);
			ClusterClientOptions options = CacheClientOptions.createCluster(commandTimeout);
			client.setOptions(withConnection(options.mutate(), options, redis, sslBundle).build());
			return SharedRedisConnection.cluster(client);
		}
		if (details.getMasterReplica() != null) {
			throw new IllegalStateException("The cache does not support spring.data.redis.masterreplica: "
					+ "point it at the master (spring.data.redis.url) or at Sentinel (spring.data.redis.sentinel.*)");
		}
		Sentinel sentinel = details.getSentinel();
		RedisURI uri = (sentinel != null) ? sentinel(sentinel, details, redis, ssl, commandTimeout)
				: standalone(standalone(details, redis), details, redis, ssl, commandTimeout);
		RedisClient client = RedisClient.create();
		ClientOptions options = CacheClientOptions.create(commandTimeout);
		client.setOptions(withConnection(options.mutate(), options, redis, sslBundle).build());
		return new SharedRedisConnection(client, uri);
	}

	private static Standalone standalone(DataRedisConnectionDetails details, DataRedisProperties redis) {
		try {
			return details.getStandalone();
		}
		catch (IllegalArgumentException ex) {
			// Boot reports a URL it cannot parse as a URI itself; one that parses but carries a bad port or
			// database (such as two URLs joined by a comma, when the key was given twice) ends up here.
			throw new IllegalStateException("spring.data.redis.url '" + redis.getUrl() + "' is not one Redis URL "
					+ "redis://[user:password@]host:port[/database]; was the key given twice?", ex);
		}
	}

	static RedisURI standalone(Standalone standalone, DataRedisConnectionDetails details, DataRedisProperties redis,
			boolean ssl, Duration commandTimeout) {
		if (!StringUtils.hasText(standalone.getHost()) || standalone.getPort() <= 0) {
			throw new IllegalStateException("Redis address '" + redis.getUrl() + "' names no host and port: set "
					+ "spring.data.redis.url once, as redis://host:port (or rediss:// for TLS)");
		}
		RedisURI.Builder builder = RedisURI.builder()
			.withHost(standalone.getHost())
			.withPort(standalone.getPort())
			.withDatabase(standalone.getDatabase());
		return dataNode(builder, details, redis, ssl, commandTimeout);
	}

	static RedisURI sentinel(Sentinel sentinel, DataRedisConnectionDetails details, DataRedisProperties redis,
			boolean ssl, Duration commandTimeout) {
		if (sentinel.getNodes().isEmpty()) {
			throw new IllegalStateException("spring.data.redis.sentinel.nodes must name at least one host:port");
		}
		RedisURI.Builder builder = RedisURI.builder()
			.withSentinelMasterId(sentinel.getMaster())
			.withDatabase(sentinel.getDatabase());
		for (Node node : sentinel.getNodes()) {
			RedisURI.Builder sentinelNode = RedisURI.builder().withHost(node.host()).withPort(node.port()).withSsl(ssl);
			credentials(sentinelNode, sentinel.getUsername(), sentinel.getPassword());
			builder.withSentinel(sentinelNode.build());
		}
		return dataNode(builder, details, redis, ssl, commandTimeout);
	}

	private static RedisURI dataNode(RedisURI.Builder builder, DataRedisConnectionDetails details,
			DataRedisProperties redis, boolean ssl, Duration commandTimeout) {
		// The URI's timeout bounds the connection handshake (HELLO, AUTH, CLIENT SETNAME, SELECT); commands are bound
		// by the client options' command timeout. A handshake held to the short command timeout fails on a busy host.
		Duration connectTimeout = redis.getConnectTimeout();
		builder.withSsl(ssl).withTimeout((connectTimeout != null) ? connectTimeout : commandTimeout.multipliedBy(4));
		credentials(builder, details.getUsername(), details.getPassword());
		if (StringUtils.hasText(redis.getClientName())) {
			builder.withClientName(redis.getClientName());
		}
		return builder.build();
	}

	private static void credentials(RedisURI.Builder builder, @Nullable String username, @Nullable String password) {
		if (!StringUtils.hasLength(password)) {
			return;
		}
		if (StringUtils.hasLength(username)) {
			builder.withAuthentication(username, password);
		}
		else {
			builder.withPassword(password.toCharArray());
		}
	}

	/**
	 * Adds Boot's connect timeout and SSL bundle to the cache's client options.
	 */
	private static <B extends ClientOptions.Builder> B withConnection(B builder, ClientOptions options,
			DataRedisProperties redis, @Nullable SslBundle sslBundle) {
		Duration connectTimeout = redis.getConnectTimeout();
		if (connectTimeout != null) {
			builder.socketOptions(options.getSocketOptions().mutate().connectTimeout(connectTimeout).build());
		}
		if (sslBundle != null) {
			SslOptions.Builder ssl = SslOptions.builder()
				.keyManager(sslBundle.getManagers().getKeyManagerFactory())
				.trustManager(sslBundle.getManagers().getTrustManagerFactory());
			String[] ciphers = sslBundle.getOptions().getCiphers();
			if (ciphers != null) {
				ssl.cipherSuites(ciphers);
			}
			String[] protocols = sslBundle.getOptions().getEnabledProtocols();
			if (protocols != null) {
				ssl.protocols(protocols);
			}
			builder.sslOptions(ssl.build());
		}
		return builder;
	}

	private static boolean usesSsl(@Nullable String url) {
		return url != null && url.trim().startsWith("rediss:");
	}

}
