package dev.reactivedata.bench.harness;

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

}
