package dev.reactivedata.bench.harness;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class RowUnitTests {

	@Test
	void ratioIsOursOverBaseline() {
		assertThat(new Row("x", 300, 200, "ops/s", Double.NaN).ratio()).isEqualTo(1.5);
		assertThat(new Row("x", 300, 0, "ops/s", Double.NaN).ratio()).isNaN();
	}

	@Test
	void medianOfOddAndEvenCountsIgnoresNaN() {
		assertThat(Measured.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
		assertThat(Measured.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
		assertThat(Measured.median(List.of(Double.NaN, 5.0))).isEqualTo(5.0);
		assertThat(Measured.median(List.of())).isNaN();
	}

	@Test
	void rowsPairOnlySidesOfTheSameUnit() {
		Measured ours = new Measured("a", "ops/s", 10, Double.NaN, Double.NaN, Map.of(), List.of(10.0));
		Measured rows = new Measured("b", "rows/s", 10, Double.NaN, Double.NaN, Map.of(), List.of(10.0));
		assertThatIllegalArgumentException().isThrownBy(() -> Row.of("x", ours, rows));
	}

	@Test
	void aRowIsAsNoisyAsItsWiderSide() {
		Measured steady = new Measured("a", "ops/s", 100, Double.NaN, Double.NaN, Map.of(), List.of(95.0, 100.0, 105.0));
		Measured spread = new Measured("b", "ops/s", 100, Double.NaN, Double.NaN, Map.of(), List.of(80.0, 100.0, 125.0));
		assertThat(steady.spread()).isCloseTo(0.10, within(1e-9));
		assertThat(Row.of("x", steady, steady).noisy()).isFalse();
		assertThat(Row.of("x", steady, spread).spread()).isCloseTo(0.45, within(1e-9));
		assertThat(Row.of("x", steady, spread).noisy()).isTrue();
	}

	@Test
	void oneTrialHasNoSpread() {
		Measured single = new Measured("a", "ops/s", 10, Double.NaN, Double.NaN, Map.of(), List.of(10.0));
		assertThat(single.spread()).isNaN();
		assertThat(Row.of("x", single, single).noisy()).isFalse();
	}

	@Test
	void countsPrintShort() {
		assertThat(Settings.count(1_000_000)).isEqualTo("1M");
		assertThat(Settings.count(50_000)).isEqualTo("50k");
		assertThat(Settings.count(1_500)).isEqualTo("1500");
	}

}
