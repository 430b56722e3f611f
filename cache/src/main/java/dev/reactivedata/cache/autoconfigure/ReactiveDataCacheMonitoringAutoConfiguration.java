package dev.reactivedata.cache.autoconfigure;

import dev.reactivedata.cache.aside.CacheStatistics;
import dev.reactivedata.cache.aside.ReactiveCaches;
import dev.reactivedata.monitoring.stream.CacheStatisticsSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that lets the monitoring module read the cache's statistics when both modules are on the class
 * path: a {@link CacheStatisticsSource} over {@link ReactiveCaches#totals()}, which feeds the metrics stream's cache
 * figures, the {@code cache-circuit-open} alert and the {@code cacheCircuit} health component. The cache module owns the statistics model; monitoring reads it only through its own interface, so this
 * is the one place that knows both.
 */
@AutoConfiguration(after = ReactiveDataCacheAutoConfiguration.class,
		beforeName = "dev.reactivedata.monitoring.autoconfigure.ReactiveDataMonitoringAutoConfiguration")
@ConditionalOnClass({ ReactiveCaches.class, CacheStatisticsSource.class })
public final class ReactiveDataCacheMonitoringAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ReactiveCaches.class)
	CacheStatisticsSource cacheStatisticsSource(ReactiveCaches caches) {
		return () -> {
			CacheStatistics totals = caches.totals();
			return new CacheStatisticsSource.Reading(totals.hits(), totals.misses(), totals.errors(),
					totals.circuit().name());
		};
	}

}
