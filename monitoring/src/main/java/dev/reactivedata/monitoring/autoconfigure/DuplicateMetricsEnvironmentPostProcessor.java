package dev.reactivedata.monitoring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Switches off the meters of Spring Boot's own R2DBC instrumentation where this module records the same facts, so
 * each fact has one meter under our names: Boot's {@code r2dbc.pool.*} gauges (we record {@code db.pool.*}) and the
 * {@code r2dbc.query*} meters of its query observation, tagged by thread name (we record {@code db.query} per query
 * shape). The observation itself stays, so traces keep their query spans: r2dbc-proxy names it only after Boot's
 * {@code management.observations.enable.*} predicate has run, so only the meters can be denied. The defaults go in
 * last, so any value the application sets for {@code management.metrics.enable.r2dbc.pool} or
 * {@code management.metrics.enable.r2dbc.query} wins; nothing is switched off when the matching part of this module
 * is ({@code reactivedata.monitoring.pool.enabled} / {@code query.enabled} = false).
 */
final class DuplicateMetricsEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String PROPERTY_SOURCE = "reactivedata-monitoring-defaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		if (environment.getProperty("reactivedata.monitoring.pool.enabled", Boolean.class, true)) {
			defaults.put("management.metrics.enable.r2dbc.pool", "false");
		}
		if (environment.getProperty("reactivedata.monitoring.query.enabled", Boolean.class, true)) {
			defaults.put("management.metrics.enable.r2dbc.query", "false");
		}
		if (!defaults.isEmpty() && !environment.getPropertySources().contains(PROPERTY_SOURCE)) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, defaults));
		}
	}

}
