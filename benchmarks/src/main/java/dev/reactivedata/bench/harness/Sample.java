package dev.reactivedata.bench.harness;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one trial of one side measured.
 *
 * @param value the headline number in the side's unit (higher is better)
 * @param p50Millis median latency of one operation in milliseconds, NaN when not measured
 * @param p99Millis 99th percentile latency in milliseconds, NaN when not measured
 * @param extras further numbers worth printing under the table, such as peak heap or errors
 */
public record Sample(double value, double p50Millis, double p99Millis, Map<String, Double> extras) {

	public Sample {
		extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
	}

	/**
	 * A sample without latency.
	 * @param value the headline number
	 * @return the sample
	 */
	public static Sample of(double value) {
		return new Sample(value, Double.NaN, Double.NaN, Map.of());
	}

	/**
	 * Returns a copy with one more extra.
	 * @param name the extra's name, including its unit, such as {@code peak heap MiB}
	 * @param extra its value
	 * @return the new sample
	 */
	public Sample with(String name, double extra) {
		Map<String, Double> more = new LinkedHashMap<>(this.extras);
		more.put(name, extra);
		return new Sample(this.value, this.p50Millis, this.p99Millis, more);
	}

}
