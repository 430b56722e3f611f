package dev.reactivedata.bench.harness;

import java.util.Objects;

/**
 * One line of the results table, {@code | scenario | ours | baseline | ratio | unit |}. Units are always
 * "higher is better" (throughput, or work per CPU second), so {@link #ratio()} = ours ÷ baseline reads the
 * same way on every line: above 1 we are faster.
 *
 * @param scenario what was compared, naming both sides
 * @param ours the median of our side
 * @param baseline the median of the baseline
 * @param unit the unit of both values, such as {@code ops/s}
 * @param spread the wider {@linkplain Measured#spread() spread} of the two sides' trials, NaN when unknown
 */
public record Row(String scenario, double ours, double baseline, String unit, double spread) {

	/** A row whose trials spread more than this is flagged in the report: its ratio is not one to steer by. */
	public static final double NOISY_SPREAD = 0.20;

	public Row {
		Objects.requireNonNull(scenario, "scenario must not be null");
		Objects.requireNonNull(unit, "unit must not be null");
	}

	/**
	 * Builds a row from two measured sides; both must share the unit.
	 * @param scenario the row's label
	 * @param ours our side
	 * @param baseline the baseline side
	 * @return the row
	 */
	public static Row of(String scenario, Measured ours, Measured baseline) {
		if (!ours.unit().equals(baseline.unit())) {
			throw new IllegalArgumentException("units differ: " + ours.unit() + " vs " + baseline.unit());
		}
		return new Row(scenario, ours.value(), baseline.value(), ours.unit(),
				Math.max(ours.spread(), baseline.spread()));
	}

	/**
	 * Returns whether either side's trials spread more than {@link #NOISY_SPREAD}.
	 * @return {@code true} for a row too noisy to steer by
	 */
	public boolean noisy() {
		return this.spread > NOISY_SPREAD;
	}

	/**
	 * Returns ours ÷ baseline; NaN when the baseline is zero or missing.
	 * @return the ratio
	 */
	public double ratio() {
		return (this.baseline > 0) ? this.ours / this.baseline : Double.NaN;
	}

}
