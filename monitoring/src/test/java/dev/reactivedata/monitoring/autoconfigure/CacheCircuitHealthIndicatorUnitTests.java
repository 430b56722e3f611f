package dev.reactivedata.monitoring.autoconfigure;

import dev.reactivedata.monitoring.stream.CacheStatisticsSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.test.StepVerifier;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class CacheCircuitHealthIndicatorUnitTests {

	@ParameterizedTest
	@CsvSource({ "CLOSED, UP", "HALF_OPEN, UP", "OPEN, OUT_OF_SERVICE" })
	void reportsTheCachesCircuitState(String circuit, String status) {
		new CacheCircuitHealthIndicator(() -> new CacheStatisticsSource.Reading(0, 0, 0, circuit)).health()
			.as(StepVerifier::create)
			.assertNext(health -> {
				assertThat(health.getStatus()).isEqualTo(new Status(status));
				assertThat(health.getDetails()).containsEntry("circuit", circuit);
			})
			.verifyComplete();
	}

	@Test
	void isUnknownWithoutACache() {
		new CacheCircuitHealthIndicator(CacheStatisticsSource.NONE).health()
			.as(StepVerifier::create)
			.assertNext(health -> {
				assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
				assertThat(health.getDetails()).containsEntry("circuit", "UNKNOWN").containsKey("reason");
			})
			.verifyComplete();
	}

}
