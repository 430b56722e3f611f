package dev.reactivedata.monitoring.query;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MockClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyWindowUnitTests {

	private final MockClock clock = new MockClock();

	private final LatencyWindow window = new LatencyWindow(Duration.ofSeconds(10), this.clock);

	@Test
	void percentilesAreWithinFivePercent() {
		for (int ms = 1; ms <= 100; ms++) {
			this.window.record(TimeUnit.MILLISECONDS.toNanos(ms));
		}
		LatencyWindow.Percentiles percentiles = this.window.percentiles();
		assertThat(percentiles.p50Ms()).isCloseTo(50, within(2.6));
		assertThat(percentiles.p95Ms()).isCloseTo(95, within(4.8));
		assertThat(percentiles.p99Ms()).isCloseTo(99, within(5.0));
	}

	@Test
	void emptyWindowReadsZero() {
		assertThat(this.window.percentiles()).isEqualTo(new LatencyWindow.Percentiles(0, 0, 0));
	}

	@Test
	void samplesAgeOutOfTheWindow() {
		this.window.record(TimeUnit.MILLISECONDS.toNanos(500));
		this.clock.add(Duration.ofSeconds(7));
		this.window.record(TimeUnit.MILLISECONDS.toNanos(2));
		assertThat(this.window.percentiles().p99Ms()).isCloseTo(500, within(25.0));
		this.clock.add(Duration.ofSeconds(5));
		assertThat(this.window.percentiles().p99Ms()).isCloseTo(2, within(0.1));
		this.clock.add(Duration.ofSeconds(10));
		assertThat(this.window.percentiles().p99Ms()).isZero();
	}

	@Test
	void reusedSlotsStartEmpty() {
		this.window.record(TimeUnit.MILLISECONDS.toNanos(900));
		this.clock.add(Duration.ofSeconds(10));
		this.window.record(TimeUnit.MILLISECONDS.toNanos(3));
		assertThat(this.window.percentiles().p99Ms()).isCloseTo(3, within(0.2));
	}

}
