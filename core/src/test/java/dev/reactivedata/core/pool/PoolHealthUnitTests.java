package dev.reactivedata.core.pool;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PoolHealthUnitTests {

	private final MutableClock clock = new MutableClock();

	private final PoolHealth health = new PoolHealth(this.clock, Duration.ofSeconds(5));

	@Test
	void startsUp() {
		assertThat(this.health.state()).isEqualTo(PoolState.UP);
	}

	@Test
	void lostConnectionDegradesThenSuccessRecoversThenUpAfterThePeriod() {
		this.health.connectionLost();
		assertThat(this.health.state()).isEqualTo(PoolState.DEGRADED);
		this.health.acquired();
		assertThat(this.health.state()).isEqualTo(PoolState.RECOVERING);
		this.clock.advance(Duration.ofSeconds(4));
		assertThat(this.health.state()).isEqualTo(PoolState.RECOVERING);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.health.state()).isEqualTo(PoolState.UP);
	}

	@Test
	void failureWhileRecoveringDegradesAgain() {
		this.health.connectionLost();
		this.health.acquired();
		this.health.exhausted();
		assertThat(this.health.state()).isEqualTo(PoolState.DEGRADED);
	}

	@Test
	void connectFailuresAreRememberedForAWindow() {
		this.health.connectionLost();
		assertThat(this.health.connectFailedWithin(Duration.ofSeconds(2))).isTrue();
		this.clock.advance(Duration.ofSeconds(3));
		assertThat(this.health.connectFailedWithin(Duration.ofSeconds(2))).isFalse();
		this.health.exhausted();
		assertThat(this.health.connectFailedWithin(Duration.ofSeconds(2))).isFalse();
	}

	@Test
	void failuresOfOperationsBegunBeforeTheLastAcquireAreStale() {
		Instant before = this.clock.instant();
		this.clock.advance(Duration.ofMillis(10));
		this.health.acquired();
		assertThat(this.health.isStale(before)).isTrue();
		assertThat(this.health.isStale(this.clock.instant())).isFalse();
	}

	static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
