package dev.reactivedata.monitoring.autoconfigure;

import java.time.Duration;

import dev.reactivedata.monitoring.insights.InsightsMetrics;
import dev.reactivedata.monitoring.insights.InsightsOptions;
import dev.reactivedata.monitoring.insights.PostgresInsights;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link PostgresInsights} with its gauges, and background polling when
 * {@code reactivedata.monitoring.insights.refresh-interval} is positive.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "reactivedata.monitoring.insights.enabled", matchIfMissing = true)
class MonitoringInsightsConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ConnectionFactory.class)
	PostgresInsights postgresInsights(ConnectionFactory connectionFactory, ReactiveDataMonitoringProperties properties) {
		ReactiveDataMonitoringProperties.Insights insights = properties.getInsights();
		return new PostgresInsights(connectionFactory, InsightsOptions.builder()
			.longRunning(insights.getLongRunning())
			.missingIndexMinRows(insights.getMissingIndexMinRows())
			.missingIndexMinSequentialScans(insights.getMissingIndexMinSequentialScans())
			.bloatDeadRatio(insights.getBloatDeadRatio())
			.wraparoundRemaining(insights.getWraparoundRemaining())
			.sequenceUsedRatio(insights.getSequenceUsedRatio())
			.topQueries(insights.getTopQueries())
			.statementTimeout(insights.getTimeout())
			.minStatisticsAge(insights.getMinStatisticsAge())
			.unusedIndexMinTableScans(insights.getUnusedIndexMinTableScans())
			.bloatMinTableBytes(insights.getBloatMinTableBytes())
			.cacheHitMinBlocks(insights.getCacheHitMinBlocks())
			.cacheHitRatio(insights.getCacheHitRatio())
			.build());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ConnectionFactory.class)
	InsightsMetrics insightsMetrics(PostgresInsights insights) {
		return new InsightsMetrics(insights);
	}

	@Bean
	@ConditionalOnBean(ConnectionFactory.class)
	SmartLifecycle insightsPolling(PostgresInsights insights, ReactiveDataMonitoringProperties properties) {
		return new InsightsPolling(insights, properties.getInsights().getRefreshInterval());
	}

	/** Subscribes to the insights poll while the application runs, when an interval is set. */
	static final class InsightsPolling implements SmartLifecycle {

		private final PostgresInsights insights;

		private final Duration interval;

		private @Nullable Disposable polling;

		InsightsPolling(PostgresInsights insights, Duration interval) {
			this.insights = insights;
			this.interval = interval;
		}

		@Override
		public synchronized void start() {
			if (this.polling == null && !this.interval.isNegative() && !this.interval.isZero()) {
				this.polling = this.insights.poll(this.interval).subscribe();
			}
		}

		@Override
		public synchronized void stop() {
			if (this.polling != null) {
				this.polling.dispose();
				this.polling = null;
			}
		}

		@Override
		public synchronized boolean isRunning() {
			return this.polling != null;
		}

	}

}
