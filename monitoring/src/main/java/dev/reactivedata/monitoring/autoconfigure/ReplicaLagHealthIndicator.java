package dev.reactivedata.monitoring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.reactivedata.monitoring.replication.ReplicaLag;
import dev.reactivedata.monitoring.replication.ReplicaLagSource;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;

/**
 * Reports each read replica's lag and whether it serves reads, as details. Always up: a replica that is down or
 * lagging is skipped by the read routing (the primary serves its reads), so it must not take the application's
 * health or readiness down.
 */
final class ReplicaLagHealthIndicator implements ReactiveHealthIndicator {

	private final ReplicaLagSource replicas;

	/**
	 * Creates the indicator.
	 * @param replicas the replicas' lag
	 */
	ReplicaLagHealthIndicator(ReplicaLagSource replicas) {
		this.replicas = Objects.requireNonNull(replicas, "replicas must not be null");
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromSupplier(() -> {
			Health.Builder builder = Health.up();
			int serving = 0;
			for (ReplicaLag replica : this.replicas.read()) {
				Map<String, Object> details = new LinkedHashMap<>();
				details.put("healthy", replica.healthy());
				details.put("lagBytes", replica.lagBytes());
				details.put("lagSeconds", replica.lagSeconds());
				builder.withDetail(replica.name(), details);
				serving += replica.healthy() ? 1 : 0;
			}
			return builder.withDetail("serving", serving).build();
		});
	}

}
