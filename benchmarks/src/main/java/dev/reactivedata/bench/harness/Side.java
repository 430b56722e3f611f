package dev.reactivedata.bench.harness;

import java.time.Duration;

/**
 * One thing measured in every trial: our implementation or a baseline. A side does its own per-trial
 * preparation (for example emptying a table) before it starts its clock.
 */
@FunctionalInterface
public interface Side {

	/**
	 * Measures once.
	 * @param duration how long to apply load; sides that do a fixed amount of work may ignore it
	 * @return what was measured
	 * @throws Exception when the side fails
	 */
	Sample measure(Duration duration) throws Exception;

}
