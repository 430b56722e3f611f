package dev.reactivedata.monitoring.autoconfigure;

import dev.reactivedata.monitoring.pool.PoolStatistics;
import dev.reactivedata.monitoring.replication.ReplicaLagSource;
import dev.reactivedata.monitoring.stream.CacheStatisticsSource;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health components {@code database} (ping latency), {@code pool} (saturation), {@code cacheCircuit}
 * (only with a {@link CacheStatisticsSource} bean) and {@code replicas} (lag details, always up; only with a
 * {@link ReplicaLagSource} bean). Redis itself is reported by the cache module.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(ReactiveHealthIndicator.class)
@ConditionalOnBooleanProperty(name = "reactivedata.monitoring.health.enabled", matchIfMissing = true)
class MonitoringHealthConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "databaseHealthIndicator")
	@ConditionalOnBean(ConnectionFactory.class)
	ReactiveHealthIndicator databaseHealthIndicator(ConnectionFactory connectionFactory,
			ReactiveDataMonitoringProperties properties) {
		return new DatabasePingHealthIndicator(connectionFactory, properties.getHealth().getPingTimeout());
	}

	@Bean
	@ConditionalOnMissingBean(name = "poolHealthIndicator")
	@ConditionalOnBean(ConnectionFactory.class)
	ReactiveHealthIndicator poolHealthIndicator(PoolStatistics pool, ReactiveDataMonitoringProperties properties) {
		return new PoolHealthIndicator(pool, properties.getHealth().getPoolSaturation());
	}

	@Bean
	@ConditionalOnMissingBean(name = "replicasHealthIndicator")
	@ConditionalOnBean(ReplicaLagSource.class)
	ReactiveHealthIndicator replicasHealthIndicator(ReplicaLagSource replicas) {
		return new ReplicaLagHealthIndicator(replicas);
	}

	@Bean
	@ConditionalOnMissingBean(name = "cacheCircuitHealthIndicator")
	@ConditionalOnBean(CacheStatisticsSource.class)
	ReactiveHealthIndicator cacheCircuitHealthIndicator(CacheStatisticsSource cache) {
		return new CacheCircuitHealthIndicator(cache);
	}

}
