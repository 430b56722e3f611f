package dev.reactivedata.core.internal;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

import static org.assertj.core.api.Assertions.assertThat;

class StatementGateUnitTests {

	@Test
	void aClosedGateRefusesSendsAndIsDrainedOnceTheSendsUnderWayEnd() {
		StatementGate gate = StatementGate.open(Context.empty());
		assertThat(gate.enter()).isTrue();
		gate.close();
		assertThat(gate.enter()).as("a send after the close").isFalse();
		StepVerifier.create(gate.drained())
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(50))
			.thenCancel()
			.verify();
		gate.exit();
		StepVerifier.create(gate.drained()).verifyComplete();
	}

	@Test
	void aGateClosedWithNoSendUnderWayIsDrainedAtOnce() {
		StatementGate gate = StatementGate.open(Context.empty());
		assertThat(gate.enter()).isTrue();
		gate.exit();
		gate.close();
		gate.close();
		StepVerifier.create(gate.drained()).verifyComplete();
	}

	@Test
	void aGateIsFoundInTheContextOfItsUnitAndRefusesSendsOnceAnEnclosingUnitIsInterrupted() {
		StatementGate outer = StatementGate.open(Context.empty());
		Context outerContext = outer.attach(Context.empty());
		assertThat(StatementGate.of(outerContext)).isSameAs(outer);
		assertThat(StatementGate.of(Context.empty())).isNull();
		StatementGate inner = StatementGate.open(outerContext);
		assertThat(inner.enter()).isTrue();
		inner.exit();
		outer.close();
		assertThat(inner.enter()).isFalse();
	}

}
