package dev.reactivedata.monitoring.stream;

import java.time.Duration;

import dev.reactivedata.monitoring.alert.AlertEvaluator;
import dev.reactivedata.monitoring.alert.AlertThresholds;
import dev.reactivedata.monitoring.pool.PoolStatistics;
import dev.reactivedata.monitoring.query.QueryMonitor;
import dev.reactivedata.monitoring.query.QueryMonitorOptions;
import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsStreamIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	private ConnectionPool pool;

	@BeforeEach
	void createPool() {
		this.pool = new ConnectionPool(ConnectionPoolConfiguration.builder(dataLayer.database().ownerConnectionFactory())
			.initialSize(0)
			.maxSize(3)
			.build());
	}

	@AfterEach
	void disposePool() {
		this.pool.disposeLater().as(StepVerifier::create).verifyComplete();
	}

	@Test
	void snapshotsShowAcquiredConnections() {
		MetricsStream stream = new MetricsStream(PoolStatistics.of(this.pool).orElseThrow(),
				QueryMonitor.create(QueryMonitorOptions.defaults()).statistics(), CacheStatisticsSource.NONE,
				new AlertEvaluator(AlertThresholds.defaults()));
		Mono.usingWhen(this.pool.create(),
				connection -> stream.snapshots(Duration.ofMillis(100)).next(),
				connection -> connection.close())
			.as(StepVerifier::create)
			.assertNext(snapshot -> {
				assertThat(snapshot.pool().acquired()).isEqualTo(1);
				assertThat(snapshot.pool().max()).isEqualTo(3);
				assertThat(snapshot.pool().pending()).isZero();
				assertThat(snapshot.cache().circuit()).isEqualTo("UNKNOWN");
				assertThat(snapshot.cache().hitRatio()).isNull();
			})
			.verifyComplete();
	}

}
