package dev.reactivedata.cache.autoconfigure;

import java.util.Set;

import dev.reactivedata.cache.aside.CacheOptions;
import dev.reactivedata.cache.aside.ReactiveCaches;
import dev.reactivedata.cache.redis.SharedRedisConnection;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Creates the cache's Lettuce client and shared connection from Spring Boot's {@link DataRedisConnectionDetails}
 * (a bean of them, such as Testcontainers' {@code @ServiceConnection} or Docker Compose's, wins over the
 * {@code spring.data.redis.*} keys; standalone, Sentinel or Cluster) with the cache's own client options, the
 * {@link ReactiveCaches} of the application with {@code reactivedata.cache.*} options and meters, and a Redis
 * health indicator (component {@code redis}). The {@code redis} and {@code cacheCircuit} components report in the
 * {@code cache} health group and stay out of the aggregate status and the {@code readiness} and {@code liveness}
 * groups: Redis down never fails a read.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		beforeName = {
				"org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration" })
@ConditionalOnClass({ RedisClient.class, DataRedisConnectionDetails.class })
@EnableConfigurationProperties({ ReactiveDataCacheProperties.class, DataRedisProperties.class })
public final class ReactiveDataCacheAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(DataRedisConnectionDetails.class)
	SharedRedisConnection sharedRedisConnection(DataRedisConnectionDetails connectionDetails,
			DataRedisProperties redisProperties, ReactiveDataCacheProperties properties) {
		return CacheRedisConnections.create(connectionDetails, redisProperties, properties.getCommandTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SharedRedisConnection.class)
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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ReactiveHealthIndicator.class)
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "redisHealthIndicator")
		@ConditionalOnBean(DataRedisConnectionDetails.class)
		ReactiveHealthIndicator redisHealthIndicator(SharedRedisConnection connection) {
			return new RedisPingHealthIndicator(connection);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor",
			"org.springframework.boot.actuate.endpoint.SecurityContext" })
	static class HealthGroupsConfiguration {

		@Bean
		static CacheHealthGroups cacheHealthGroups() {
			return new CacheHealthGroups(Set.of("redis", "cacheCircuit"));
		}

	}

}
