package dev.reactivedata.monitoring.autoconfigure;

import java.util.Objects;

import dev.reactivedata.monitoring.pool.PoolSnapshot;
import dev.reactivedata.monitoring.pool.PoolStatistics;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Reports the connection pool's saturation (acquired / max) and waiting callers from its in-memory counters.
 * Up while saturation is below the threshold or nobody waits; {@code OUT_OF_SERVICE} when the pool is at or
 * above the threshold <em>and</em> callers wait for a connection, so that an instance that cannot serve more
 * database work is taken out of rotation.
 */
final class PoolHealthIndicator implements ReactiveHealthIndicator {

	private final PoolStatistics pool;

	private final double saturationThreshold;

	/**
	 * Creates the indicator.
	 * @param pool the pool
	 * @param saturationThreshold saturation (0..1) at or above which waiting callers make the pool unhealthy
	 */
	PoolHealthIndicator(PoolStatistics pool, double saturationThreshold) {
		this.pool = Objects.requireNonNull(pool, "pool must not be null");
		this.saturationThreshold = saturationThreshold;
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromSupplier(() -> {
			PoolSnapshot snapshot = this.pool.snapshot();
			boolean saturated = snapshot.saturation() >= this.saturationThreshold && snapshot.pending() > 0;
			return Health.status(saturated ? Status.OUT_OF_SERVICE : Status.UP)
				.withDetail("acquired", snapshot.acquired())
				.withDetail("idle", snapshot.idle())
				.withDetail("pending", snapshot.pending())
				.withDetail("max", snapshot.max())
				.withDetail("saturation", Math.round(snapshot.saturation() * 1000.0) / 1000.0)
				.withDetail("acquireP99Ms", snapshot.acquireP99Ms())
				.build();
		});
	}

}
