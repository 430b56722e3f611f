package dev.reactivedata.cache.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.reactivedata.cache.aside.CacheOptions;
import dev.reactivedata.cache.aside.ReactiveCaches;
import dev.reactivedata.cache.redis.CacheClientOptions;
import dev.reactivedata.cache.redis.SharedRedisConnection;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Creates the cache's Lettuce client and shared connection from Spring Boot's standard Redis keys (a Redis
 * Cluster when {@code spring.data.redis.cluster.nodes} is set), the {@link ReactiveCaches} of the application
 * with {@code reactivedata.cache.*} options and meters, and a Redis health indicator.
 */
@AutoConfiguration
@ConditionalOnClass(RedisClient.class)
@EnableConfigurationProperties(ReactiveDataCacheProperties.class)
public final class ReactiveDataCacheAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SharedRedisConnection sharedRedisConnection(Environment environment, ReactiveDataCacheProperties properties) {
		List<RedisURI> clusterNodes = clusterNodes(environment);
		if (!clusterNodes.isEmpty()) {
			return SharedRedisConnection.cluster(
					SharedRedisConnection.clusterClient(clusterNodes, properties.getCommandTimeout()));
		}
		RedisURI uri = redisUri(environment);
		uri.setTimeout(properties.getCommandTimeout());
		RedisClient client = RedisClient.create();
		client.setOptions(CacheClientOptions.create(properties.getCommandTimeout()));
		return new SharedRedisConnection(client, uri);
	}

	@Bean
	@ConditionalOnMissingBean
	ReactiveCaches reactiveCaches(SharedRedisConnection connection, ReactiveDataCacheProperties properties,
			ObjectProvider<MeterRegistry> registry) {
		PropertyMapper map = PropertyMapper.get();
		CacheOptions.Builder options = CacheOptions.builder();
		map.from(properties::getKeyPrefix).to(options::keyPrefix);
		map.from(properties::getTtl).to(options::ttl);
		map.from(properties::getTtlJitter).to(options::ttlJitter);
		map.from(properties::getNegativeTtl).to(options::negativeTtl);
		map.from(properties::getTombstoneTtl).to(options::tombstoneTtl);
		map.from(properties::getFenceWindow).to(options::fenceWindow);
		map.from(properties::getEarlyRefreshBeta).to(options::earlyRefreshBeta);
		map.from(properties::getInvalidationQueueCapacity).to(options::invalidationQueueCapacity);
		map.from(properties.getCircuit()::getFailureThreshold).to(options::failureThreshold);
		map.from(properties.getCircuit()::getOpenDuration).to(options::openDuration);
		return new ReactiveCaches(connection, options.build(), registry.getIfUnique());
	}

	/**
	 * Reads Spring Boot's {@code spring.data.redis.cluster.nodes} ({@code host:port} list); empty when unset.
	 */
	static List<RedisURI> clusterNodes(Environment environment) {
		String nodes = environment.getProperty("spring.data.redis.cluster.nodes");
		if (nodes == null || nodes.isBlank()) {
			return List.of();
		}
		String password = environment.getProperty("spring.data.redis.password");
		String username = environment.getProperty("spring.data.redis.username");
		List<RedisURI> uris = new ArrayList<>();
		for (String node : nodes.split(",")) {
			String trimmed = node.trim();
			if (trimmed.isEmpty()) {
				continue;
			}
			int colon = trimmed.lastIndexOf(':');
			RedisURI.Builder builder = RedisURI.builder()
				.withHost(trimmed.substring(0, colon))
				.withPort(Integer.parseInt(trimmed.substring(colon + 1)));
			if (password != null && !password.isEmpty()) {
				if (username != null && !username.isEmpty()) {
					builder.withAuthentication(username, password);
				}
				else {
					builder.withPassword(password.toCharArray());
				}
			}
			uris.add(builder.build());
		}
		return uris;
	}

	static RedisURI redisUri(Environment environment) {
		String url = environment.getProperty("spring.data.redis.url");
		if (url != null && !url.isBlank()) {
			return RedisURI.create(url);
		}
		RedisURI.Builder builder = RedisURI.builder()
			.withHost(environment.getProperty("spring.data.redis.host", "localhost"))
			.withPort(environment.getProperty("spring.data.redis.port", Integer.class, RedisURI.DEFAULT_REDIS_PORT))
			.withDatabase(environment.getProperty("spring.data.redis.database", Integer.class, 0))
			.withSsl(environment.getProperty("spring.data.redis.ssl.enabled", Boolean.class, false));
		String password = environment.getProperty("spring.data.redis.password");
		if (password != null && !password.isEmpty()) {
			String username = environment.getProperty("spring.data.redis.username");
			if (username != null && !username.isEmpty()) {
				builder.withAuthentication(username, password);
			}
			else {
				builder.withPassword(password.toCharArray());
			}
		}
		return builder.build();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ReactiveHealthIndicator.class)
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "redisHealthIndicator")
		ReactiveHealthIndicator redisHealthIndicator(SharedRedisConnection connection) {
			return new RedisPingHealthIndicator(connection);
		}

	}

}
