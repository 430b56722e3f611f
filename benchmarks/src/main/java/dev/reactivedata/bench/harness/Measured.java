package dev.reactivedata.bench.harness;

import java.util.List;
import java.util.Map;

/**
 * The medians of one side over all trials.
 *
 * @param side the side's label
 * @param unit the unit of {@code value}
 * @param value the median headline number
 * @param p50Millis the median of the trials' p50 latencies, NaN when not measured
 * @param p99Millis the median of the trials' p99 latencies, NaN when not measured
 * @param extras the median of each extra
 * @param trials every trial's headline number, in order
 */
public record Measured(String side, String unit, double value, double p50Millis, double p99Millis,
		Map<String, Double> extras, List<Double> trials) {

	/**
	 * Returns how far this side's trials spread: (highest − lowest) ÷ median, NaN with fewer than two trials.
	 * @return the spread, 0.2 for 20 %
	 */
	public double spread() {
		List<Double> measured = this.trials.stream().filter(v -> !v.isNaN()).toList();
		double middle = median(measured);
		if (measured.size() < 2 || !(middle > 0)) {
			return Double.NaN;
		}
		double lowest = measured.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
		double highest = measured.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
		return (highest - lowest) / middle;
	}

	/**
	 * Returns the median of the values, NaN when there are none.
	 * @param values the values
	 * @return the median
	 */
	public static double median(List<Double> values) {
		List<Double> sorted = values.stream().filter(v -> !v.isNaN()).sorted().toList();
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

}
