package dev.reactivedata.monitoring.health;

import java.util.Objects;

import dev.reactivedata.monitoring.stream.CacheStatistics;
import dev.reactivedata.monitoring.stream.CacheStatisticsSource;
import dev.reactivedata.monitoring.stream.CircuitState;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Reports the cache circuit breaker: up when closed or half open, {@code OUT_OF_SERVICE} when open (reads
 * still work, from the database, but the cache is out of service), unknown when no cache is wired.
 */
public final class CacheCircuitHealthIndicator implements ReactiveHealthIndicator {

	private final CacheStatisticsSource cache;

	/**
	 * Creates the indicator.
	 * @param cache the cache counters
	 */
	public CacheCircuitHealthIndicator(CacheStatisticsSource cache) {
		this.cache = Objects.requireNonNull(cache, "cache must not be null");
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromSupplier(() -> {
			CacheStatistics statistics = this.cache.read();
			Status status = switch (statistics.circuit()) {
				case CLOSED, HALF_OPEN -> Status.UP;
				case OPEN -> Status.OUT_OF_SERVICE;
				case UNKNOWN -> Status.UNKNOWN;
			};
			Health.Builder builder = Health.status(status).withDetail("circuit", statistics.circuit().name());
			if (statistics.circuit() == CircuitState.UNKNOWN) {
				builder.withDetail("reason", "no cache statistics source is wired to the monitoring module");
			}
			return builder.build();
		});
	}

}
