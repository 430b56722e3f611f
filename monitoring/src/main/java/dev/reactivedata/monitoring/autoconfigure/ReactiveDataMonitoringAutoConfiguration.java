package dev.reactivedata.monitoring.autoconfigure;

import dev.reactivedata.monitoring.alert.AlertEvaluator;
import dev.reactivedata.monitoring.alert.AlertThresholds;
import dev.reactivedata.monitoring.pool.PoolMetrics;
import dev.reactivedata.monitoring.pool.PoolStatistics;
import dev.reactivedata.monitoring.query.QueryMetrics;
import dev.reactivedata.monitoring.query.QueryMonitor;
import dev.reactivedata.monitoring.query.QueryMonitorOptions;
import dev.reactivedata.monitoring.replication.ReplicaLagSource;
import dev.reactivedata.monitoring.replication.ReplicationMetrics;
import dev.reactivedata.monitoring.stream.CacheStatisticsSource;
import dev.reactivedata.monitoring.stream.MetricsStream;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.r2dbc.autoconfigure.ProxyConnectionFactoryCustomizer;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.server.WebFilter;

/**
 * Wires query observation (an r2dbc-proxy listener through Spring Boot's
 * {@link ProxyConnectionFactoryCustomizer}, so it sits on the connection factory inside the pool), connection
 * acquisition observation (the outermost layer of the application's connection factory: with the core module, its
 * {@code ConnectionFactoryWrapper.ACQUISITION_OBSERVATION} layer), their meters, the alert rules, the {@link MetricsStream}, a request-scope {@link WebFilter} in reactive web
 * applications, health indicators and PostgreSQL insights.
 * <p>
 * Cache figures come from a {@link CacheStatisticsSource} bean: the cache module's auto-configuration contributes
 * one (ordered before this one) when both modules are on the class path, and an application may define its own;
 * without one, snapshots report zero cache counters and an {@code UNKNOWN} circuit.
 */
@AutoConfiguration(after = R2dbcAutoConfiguration.class,
		afterName = "dev.reactivedata.core.autoconfigure.ReactiveDataCoreAutoConfiguration")
@ConditionalOnClass({ ConnectionFactory.class, ConnectionPool.class })
@EnableConfigurationProperties(ReactiveDataMonitoringProperties.class)
@Import({ AcquisitionObservationConfiguration.class, MonitoringHealthConfiguration.class,
		MonitoringInsightsConfiguration.class, InsightsCommandConfiguration.class })
public final class ReactiveDataMonitoringAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	QueryMonitor queryMonitor(ReactiveDataMonitoringProperties properties) {
		ReactiveDataMonitoringProperties.Query query = properties.getQuery();
		return QueryMonitor.create(QueryMonitorOptions.builder()
			.slowThreshold(query.getSlowThreshold())
			.slowLogSize(query.getSlowLogSize())
			.nPlusOneThreshold(query.getNPlusOneThreshold())
			.queryBudget(query.getBudget())
			.maxShapes(query.getMaxShapes())
			.percentileWindow(query.getPercentileWindow())
			.build());
	}

	@Bean
	@ConditionalOnMissingBean
	QueryMetrics queryMetrics(QueryMonitor monitor) {
		return monitor.metrics();
	}

	@Bean
	@ConditionalOnMissingBean
	PoolMetrics poolMetrics() {
		return new PoolMetrics();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ConnectionFactory.class)
	PoolStatistics poolStatistics(ConnectionFactory connectionFactory, PoolMetrics metrics) {
		PoolStatistics pool = PoolStatistics.of(connectionFactory)
			.orElseThrow(() -> new IllegalStateException("The monitoring module needs an r2dbc-pool ConnectionPool "
					+ "behind the ConnectionFactory with metrics enabled (spring.r2dbc.pool.enabled=true)"));
		metrics.observe(pool);
		return pool;
	}

	@Bean
	@ConditionalOnMissingBean
	AlertEvaluator alertEvaluator(ReactiveDataMonitoringProperties properties) {
		ReactiveDataMonitoringProperties.Alerts alerts = properties.getAlerts();
		return new AlertEvaluator(AlertThresholds.builder()
			.poolSaturation(alerts.getPoolSaturation())
			.pendingAcquirers(alerts.getPendingAcquirers())
			.p99Ms(alerts.getP99Ms())
			.errorRate(alerts.getErrorRate())
			.cacheHitRatio(alerts.getCacheHitRatio())
			.minimumCacheGets(alerts.getMinimumCacheGets())
			.minimumQueries(alerts.getMinimumQueries())
			.evaluationInterval(alerts.getEvaluationInterval())
			.build());
	}

	@Bean
	@ConditionalOnBean(ConnectionFactory.class)
	MetricsRecording metricsRecording(MetricsStream stream) {
		return new MetricsRecording(stream);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ConnectionFactory.class)
	MetricsStream metricsStream(PoolStatistics pool, QueryMonitor monitor, AlertEvaluator alerts,
			ObjectProvider<CacheStatisticsSource> cache, ObjectProvider<ReplicaLagSource> replicas) {
		return new MetricsStream(pool, monitor.statistics(), cache.getIfAvailable(() -> CacheStatisticsSource.NONE),
				alerts, replicas.getIfAvailable(() -> ReplicaLagSource.NONE));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ReplicaLagSource.class)
	ReplicationMetrics replicationMetrics(ReplicaLagSource replicas) {
		return new ReplicationMetrics(replicas);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		QueryShapesEndpoint queryShapesEndpoint(QueryMonitor monitor) {
			return new QueryShapesEndpoint(monitor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ProxyConnectionFactory.class, ProxyConnectionFactoryCustomizer.class })
	@ConditionalOnBooleanProperty(name = "reactivedata.monitoring.query.enabled", matchIfMissing = true)
	static class QueryObservationConfiguration {

		@Bean
		ProxyConnectionFactoryCustomizer queryMonitorProxyCustomizer(QueryMonitor monitor) {
			return monitor::configure;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebFilter.class)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class WebConfiguration {

		@Bean
		@ConditionalOnMissingBean
		dev.reactivedata.monitoring.web.QueryScopeWebFilter queryScopeWebFilter(QueryMonitor monitor) {
			return new dev.reactivedata.monitoring.web.QueryScopeWebFilter(monitor);
		}

	}

}
