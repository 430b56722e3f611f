package dev.reactivedata.monitoring.autoconfigure;

import java.util.List;
import java.util.Map;

import dev.reactivedata.monitoring.replication.ReplicaLag;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaLagHealthIndicatorUnitTests {

	@Test
	void healthIsUpWithEachReplicasLagAsDetails() {
		List<ReplicaLag> replicas = List.of(new ReplicaLag("replica-a", 0, 0, true),
				new ReplicaLag("replica-b", 4096, 7.5, false));
		new ReplicaLagHealthIndicator(() -> replicas).health()
			.as(StepVerifier::create)
			.assertNext(health -> {
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("serving", 1)
					.containsEntry("replica-b", Map.of("healthy", false, "lagBytes", 4096L, "lagSeconds", 7.5));
			})
			.verifyComplete();
	}

}
