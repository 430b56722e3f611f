package dev.reactivedata.monitoring.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class DuplicateMetricsEnvironmentPostProcessorUnitTests {

	private final DuplicateMetricsEnvironmentPostProcessor postProcessor = new DuplicateMetricsEnvironmentPostProcessor();

	@Test
	void switchesOffBootsPoolGaugesAndQueryMeters() {
		MockEnvironment environment = new MockEnvironment();
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.metrics.enable.r2dbc.pool")).isEqualTo("false");
		assertThat(environment.getProperty("management.metrics.enable.r2dbc.query")).isEqualTo("false");
	}

	@Test
	void theApplicationsOwnSettingWins() {
		MockEnvironment environment = new MockEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("app", Map.of("management.metrics.enable.r2dbc.pool", "true")));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.metrics.enable.r2dbc.pool")).isEqualTo("true");
	}

	@Test
	void leavesBootsMetersWhenOursAreOff() {
		MockEnvironment environment = new MockEnvironment().withProperty("reactivedata.monitoring.pool.enabled", "false")
			.withProperty("reactivedata.monitoring.query.enabled", "false");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources().contains(DuplicateMetricsEnvironmentPostProcessor.PROPERTY_SOURCE))
			.isFalse();
	}

}
