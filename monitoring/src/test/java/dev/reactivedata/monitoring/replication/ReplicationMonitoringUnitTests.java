package dev.reactivedata.monitoring.replication;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.reactivedata.monitoring.UnconnectedPools;
import dev.reactivedata.monitoring.alert.AlertEvaluator;
import dev.reactivedata.monitoring.alert.AlertThresholds;
import dev.reactivedata.monitoring.pool.PoolStatistics;
import dev.reactivedata.monitoring.query.QueryMonitor;
import dev.reactivedata.monitoring.query.QueryMonitorOptions;
import dev.reactivedata.monitoring.stream.CacheStatisticsSource;
import dev.reactivedata.monitoring.stream.MetricsStream;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicationMonitoringUnitTests {

	private final AtomicReference<List<ReplicaLag>> replicas = new AtomicReference<>(
			List.of(new ReplicaLag("replica-a", 0, 0, true), new ReplicaLag("replica-b", 4096, 7.5, false)));

	private final ReplicaLagSource source = this.replicas::get;

	@Test
	void gaugesReadTheLatestLagPerReplica() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new ReplicationMetrics(this.source).bindTo(registry);
		assertThat(registry.get("db.replica.lag.bytes").tag("replica", "replica-b").gauge().value()).isEqualTo(4096);
		assertThat(registry.get("db.replica.lag").tag("replica", "replica-b").gauge().value()).isEqualTo(7.5);
		assertThat(registry.get("db.replica.healthy").tag("replica", "replica-b").gauge().value()).isZero();
		this.replicas.set(List.of(new ReplicaLag("replica-a", 0, 0, true), new ReplicaLag("replica-b", 0, 0, true)));
		assertThat(registry.get("db.replica.healthy").tag("replica", "replica-b").gauge().value()).isEqualTo(1);
		assertThat(registry.get("db.replica.lag").tag("replica", "replica-b").gauge().value()).isZero();
	}

	@Test
	void snapshotsCarryTheReplicas() {
		ConnectionPool pool = UnconnectedPools.create(2);
		try {
			MetricsStream stream = new MetricsStream(PoolStatistics.of(pool).orElseThrow(),
					QueryMonitor.create(QueryMonitorOptions.defaults()).statistics(), CacheStatisticsSource.NONE,
					new AlertEvaluator(AlertThresholds.defaults()), this.source);
			stream.snapshots(Duration.ofSeconds(1))
				.take(1)
				.as(StepVerifier::create)
				.assertNext(snapshot -> assertThat(snapshot.replicas()).isEqualTo(this.replicas.get()))
				.verifyComplete();
		}
		finally {
			pool.dispose();
		}
	}

}
