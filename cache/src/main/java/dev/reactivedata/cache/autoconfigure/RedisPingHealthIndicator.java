package dev.reactivedata.cache.autoconfigure;

import dev.reactivedata.cache.redis.SharedRedisConnection;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the cache's Redis as up when it answers {@code PING} on the shared connection.
 */
final class RedisPingHealthIndicator extends AbstractReactiveHealthIndicator {

	private final SharedRedisConnection connection;

	RedisPingHealthIndicator(SharedRedisConnection connection) {
		super("Redis health check failed");
		this.connection = connection;
	}

	@Override
	protected Mono<Health> doHealthCheck(Health.Builder builder) {
		return this.connection.ping().map(pong -> builder.up().withDetail("ping", pong).build());
	}

}
