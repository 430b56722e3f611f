package dev.reactivedata.monitoring.alert;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class AlertEvaluatorUnitTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private final AlertEvaluator evaluator = new AlertEvaluator(AlertThresholds.defaults());

	@Test
	void poolSaturationIsRaisedOnceAndResolved() {
		StepVerifier.create(this.evaluator.events().take(2))
			.then(() -> {
				assertThat(this.evaluator.evaluate(readings(0, 19, 0, 0, 0, 0, 0))).extracting(Alert::name)
					.containsExactly("pool-saturation");
				assertThat(this.evaluator.evaluate(readings(2, 20, 0, 0, 0, 0, 0))).hasSize(1);
				assertThat(this.evaluator.evaluate(readings(4, 2, 0, 0, 0, 0, 0))).isEmpty();
			})
			.assertNext(event -> assertThat(event.state()).isEqualTo(AlertEvent.State.RAISED))
			.assertNext(event -> {
				assertThat(event.state()).isEqualTo(AlertEvent.State.RESOLVED);
				assertThat(event.name()).isEqualTo("pool-saturation");
			})
			.verifyComplete();
	}

	@Test
	void messagesDescribeTheEvaluationThatRaisedKeptOrResolvedTheAlert() {
		this.evaluator.evaluate(readings(0, 19, 0, 0, 0, 0, 0));
		assertThat(this.evaluator.evaluate(readings(2, 20, 0, 0, 0, 0, 0))).singleElement()
			.extracting(Alert::message)
			.isEqualTo("Connection pool 100% in use (20 of 20)");
		this.evaluator.evaluate(readings(4, 2, 0, 0, 0, 0, 0));
		assertThat(this.evaluator.eventsAfter(0)).extracting(AlertEvent::state, AlertEvent::message)
			.containsExactly(tuple(AlertEvent.State.RAISED, "Connection pool 95% in use (19 of 20)"),
					tuple(AlertEvent.State.RESOLVED, "Connection pool 10% in use (2 of 20)"));
	}

	@Test
	void alertKeepsWhenItWasRaised() {
		this.evaluator.evaluate(readings(0, 0, 3, 0, 0, 0, 0));
		assertThat(this.evaluator.evaluate(readings(2, 0, 5, 0, 0, 0, 0))).singleElement()
			.satisfies(alert -> {
				assertThat(alert.name()).isEqualTo("pending-acquirers");
				assertThat(alert.since()).isEqualTo(T0);
				assertThat(alert.value()).isEqualTo(5);
			});
	}

	@Test
	void ratesComeFromCounterChangesBetweenEvaluations() {
		this.evaluator.evaluate(readings(0, 0, 0, 100, 0, 100, 0));
		assertThat(this.evaluator.evaluate(readings(1, 0, 0, 200, 10, 110, 90))).extracting(Alert::name)
			.containsExactlyInAnyOrder("query-error-rate", "cache-hit-ratio");
	}

	@Test
	void rateAlertsResolveWhenTrafficStops() {
		this.evaluator.evaluate(readings(0, 0, 0, 100, 0, 100, 0));
		this.evaluator.evaluate(readings(1, 0, 0, 200, 10, 110, 90));
		assertThat(this.evaluator.evaluate(readings(2, 0, 0, 200, 10, 110, 90))).isEmpty();
		assertThat(this.evaluator.eventsAfter(0)).extracting(AlertEvent::state).containsExactlyInAnyOrder(
				AlertEvent.State.RAISED, AlertEvent.State.RAISED, AlertEvent.State.RESOLVED, AlertEvent.State.RESOLVED);
	}

	@Test
	void eventsAreNumberedAndTheRecentOnesKept() {
		for (int i = 0; i < AlertEvaluator.RECENT_EVENTS; i++) {
			this.evaluator.evaluate(readings(2 * i, 20, 0, 0, 0, 0, 0));
			this.evaluator.evaluate(readings(2 * i + 1, 0, 0, 0, 0, 0, 0));
		}
		assertThat(this.evaluator.eventsAfter(-1)).hasSize(AlertEvaluator.RECENT_EVENTS)
			.extracting(AlertEvent::id)
			.startsWith((long) AlertEvaluator.RECENT_EVENTS + 1)
			.endsWith(2L * AlertEvaluator.RECENT_EVENTS);
		assertThat(this.evaluator.eventsAfter(2L * AlertEvaluator.RECENT_EVENTS)).isEmpty();
	}

	@Test
	void evaluationsCloserThanTheIntervalAreSkipped() {
		this.evaluator.evaluate(readings(0, 0, 0, 0, 0, 0, 0));
		assertThat(this.evaluator.evaluate(readingsAt(T0.plusMillis(500), 20))).isEmpty();
		assertThat(this.evaluator.evaluate(readingsAt(T0.plusMillis(1000), 20))).hasSize(1);
	}

	@Test
	void aClockGoingBackwardsDoesNotStopEvaluation() {
		this.evaluator.evaluate(readingsAt(T0.plusSeconds(3600), 0));
		assertThat(this.evaluator.evaluate(readingsAt(T0, 20))).hasSize(1);
	}

	@Test
	void latencyAndOpenCircuitAreRaised() {
		AlertReadings readings = new AlertReadings(T0, 0, 20, 0, 900, 0, 0, 0, 0, true);
		assertThat(this.evaluator.evaluate(readings)).extracting(Alert::name)
			.containsExactlyInAnyOrder("query-latency-p99", "cache-circuit-open");
	}

	@Test
	void thresholdsAreValidated() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> AlertThresholds.builder().errorRate(2))
			.withMessageContaining("errorRate");
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> AlertThresholds.builder().evaluationInterval(Duration.ZERO));
	}

	private static AlertReadings readings(int second, int acquired, int pending, long queries, long errors, long hits,
			long misses) {
		return new AlertReadings(T0.plusSeconds(second), acquired, 20, pending, 1.0, queries, errors, hits, misses,
				false);
	}

	private static AlertReadings readingsAt(Instant time, int acquired) {
		return new AlertReadings(time, acquired, 20, 0, 1.0, 0, 0, 0, 0, false);
	}

}
