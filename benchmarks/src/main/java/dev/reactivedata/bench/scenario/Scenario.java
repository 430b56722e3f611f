package dev.reactivedata.bench.scenario;

import java.util.List;

import dev.reactivedata.bench.harness.Row;

/**
 * One scenario of DESIGN §10. A scenario measures "ours" and one or more baselines in the same run, usually
 * through {@link BenchContext#trials(String)}, and reports one {@link Row} per ours/baseline pair.
 * <p>
 * To add or replace a scenario, implement this interface and list it in {@link Scenarios#all()}.
 */
public interface Scenario {

	/**
	 * Returns a short, stable id used by {@code --scenarios} and in progress output, such as {@code point-read}.
	 * @return the id
	 */
	String id();

	/**
	 * Runs the scenario: warm-up, then the configured number of trials of every side.
	 * @param context the fixture, settings and reporting of this run
	 * @return one row per ours/baseline pair, in the order they should be printed
	 * @throws Exception when the scenario cannot run at all; the harness reports it and goes on
	 */
	List<Row> run(BenchContext context) throws Exception;

}
