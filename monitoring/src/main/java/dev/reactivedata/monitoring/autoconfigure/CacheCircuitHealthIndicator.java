package dev.reactivedata.monitoring.autoconfigure;

import java.util.Objects;

import dev.reactivedata.monitoring.stream.CacheStatisticsSource;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Reports the cache circuit breaker: up when closed or half open, {@code OUT_OF_SERVICE} when open (reads
 * still work, from the database, but the cache is out of service), unknown when no cache is wired.
 */
final class CacheCircuitHealthIndicator implements ReactiveHealthIndicator {

	private final CacheStatisticsSource cache;

	/**
	 * Creates the indicator.
	 * @param cache the cache counters
	 */
	CacheCircuitHealthIndicator(CacheStatisticsSource cache) {
		this.cache = Objects.requireNonNull(cache, "cache must not be null");
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromSupplier(() -> {
			CacheStatisticsSource.Reading statistics = this.cache.read();
			Status status = !statistics.available() ? Status.UNKNOWN
					: statistics.circuitOpen() ? Status.OUT_OF_SERVICE : Status.UP;
			Health.Builder builder = Health.status(status).withDetail("circuit", statistics.circuit());
			if (!statistics.available()) {
				builder.withDetail("reason", "no cache statistics source is wired to the monitoring module");
			}
			return builder.build();
		});
	}

}
