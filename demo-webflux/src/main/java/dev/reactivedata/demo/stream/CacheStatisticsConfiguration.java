package dev.reactivedata.demo.stream;

import dev.reactivedata.cache.aside.ReactiveCaches;
import dev.reactivedata.monitoring.stream.CacheStatistics;
import dev.reactivedata.monitoring.stream.CacheStatisticsSource;
import dev.reactivedata.monitoring.stream.CircuitState;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Feeds the cache module's in-memory counters (summed over every cache) to the metrics stream, alerts and
 * health: monitoring does not depend on the cache module, so the application adapts one to the other.
 */
@Configuration(proxyBeanMethods = false)
class CacheStatisticsConfiguration {

	@Bean
	CacheStatisticsSource cacheStatisticsSource(ReactiveCaches caches) {
		return () -> {
			dev.reactivedata.cache.aside.CacheStatistics totals = caches.totals();
			return new CacheStatistics(totals.hits(), totals.misses(), totals.errors(),
					CircuitState.valueOf(totals.circuit().name()));
		};
	}

}
