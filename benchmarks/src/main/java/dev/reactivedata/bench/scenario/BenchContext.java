package dev.reactivedata.bench.scenario;

import java.util.Objects;

import dev.reactivedata.bench.fixture.BenchFixture;
import dev.reactivedata.bench.harness.Details;
import dev.reactivedata.bench.harness.Settings;
import dev.reactivedata.bench.harness.Trials;

/**
 * What a scenario gets: the run's settings, the shared fixture, and the details under the table.
 *
 * @param settings the load shape every scenario uses
 * @param fixture the database, pool, repositories, Redis connection and demo server
 * @param details per-side medians, footnotes and failures
 */
public record BenchContext(Settings settings, BenchFixture fixture, Details details) {

	public BenchContext {
		Objects.requireNonNull(settings, "settings must not be null");
		Objects.requireNonNull(fixture, "fixture must not be null");
		Objects.requireNonNull(details, "details must not be null");
	}

	/**
	 * Starts the trials of one scenario; add its sides, then {@link Trials#run()}.
	 * @param scenario the scenario id
	 * @return the trials
	 */
	public Trials trials(String scenario) {
		return new Trials(scenario, this.settings, this.details);
	}

}
