package dev.reactivedata.cache.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import dev.reactivedata.cache.aside.CacheOptions;
import dev.reactivedata.cache.aside.ReactiveCaches;
import dev.reactivedata.cache.declarative.ReactiveDataCacheManager;
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
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Creates the cache's Lettuce client and shared connection from Spring Boot's {@link DataRedisConnectionDetails}
 * (a bean of them, such as Testcontainers' {@code @ServiceConnection} or Docker Compose's, wins over the
 * {@code spring.data.redis.*} keys; standalone, Sentinel or Cluster) with the cache's own client options, the
 * {@link ReactiveCaches} of the application with {@code reactivedata.cache.*} options and meters, and a Redis
 * health indicator (component {@code redis}), and, unless the application has one, a {@link CacheManager} over
 * those caches for Spring's {@code @Cacheable} on methods returning {@code Mono} or {@code Flux}. The {@code redis} and {@code cacheCircuit} components report in the
 * {@code cache} health group and stay out of the aggregate status and the {@code readiness} and {@code liveness}
 * groups: Redis down never fails a read.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		beforeName = {
				"org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration",
				"org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration" })
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
		ReactiveDataCacheProperties.Near near = properties.getNear();
		options.nearCacheSize(near.isEnabled() ? near.getMaximumSize() : 0);
		Map<String, UnaryOperator<CacheOptions.Builder>> configured = new LinkedHashMap<>();
		properties.getCaches().forEach((name, cache) -> {
			ReactiveDataCacheProperties.CacheNear own = cache.getNear();
			boolean nearEnabled = (own.getEnabled() != null) ? own.getEnabled() : near.isEnabled();
			long nearSize = (own.getMaximumSize() != null) ? own.getMaximumSize() : near.getMaximumSize();
			configured.put(name, builder -> {
				map.from(cache::getTtl).to(builder::ttl);
				map.from(cache::getNegativeTtl).to(builder::negativeTtl);
				map.from(cache::getKeyPrefix).to(builder::keyPrefix);
				return builder.nearCacheSize(nearEnabled ? nearSize : 0);
			});
		});
		return new ReactiveCaches(connection, options.build(), configured, registry.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean(CacheManager.class)
	@ConditionalOnBean(ReactiveCaches.class)
	ReactiveDataCacheManager cacheManager(ReactiveCaches caches) {
		return new ReactiveDataCacheManager(caches);
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
