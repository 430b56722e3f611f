package dev.reactivedata.bench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrialsUnitTests {

	@Test
	void threeSlicesWithinTenPercentOfTheirMedianAreSettled() {
		assertThat(Trials.settled(List.of(500.0, 2_000.0, 2_050.0, 1_980.0))).isTrue();
	}

	@Test
	void aRampStillClimbingIsNotSettledThoughItsLastTwoSlicesAgree() {
		assertThat(Trials.settled(List.of(2_000.0, 2_150.0, 2_300.0))).isFalse();
	}

	@Test
	void fewerThanThreeSlicesAreNotSettled() {
		assertThat(Trials.settled(List.of(2_000.0, 2_000.0))).isFalse();
	}

	@Test
	void trialsLastAtLeastTheirFloorAndTheRunsDurationWhenLonger() {
		assertThat(trialLengths(Duration.ofSeconds(1), Duration.ofSeconds(3))).containsExactly(Duration.ofSeconds(3),
				Duration.ofSeconds(3));
		assertThat(trialLengths(Duration.ofSeconds(5), Duration.ofSeconds(3))).containsExactly(Duration.ofSeconds(5),
				Duration.ofSeconds(5));
	}

	private static List<Duration> trialLengths(Duration runTrial, Duration floor) {
		Settings settings = new Settings(true, 1, Duration.ZERO, runTrial, 2, 1, 1, 1, 1, Duration.ofMillis(10));
		List<Duration> lengths = new ArrayList<>();
		new Trials("test", settings, new Details()).trialsAtLeast(floor).load("side", "ops/s", duration -> {
			lengths.add(duration);
			return Sample.of(1);
		}).run();
		return lengths;
	}

}
