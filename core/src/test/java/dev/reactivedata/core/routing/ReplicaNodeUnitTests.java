package dev.reactivedata.core.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaNodeUnitTests {

	private final MutableClock clock = new MutableClock();

	private final ReplicaNode replica = new ReplicaNode("r", new NeverFactory(),
			ReadRoutingOptions.builder().pollInterval(Duration.ofSeconds(1)).pollTimeout(Duration.ofSeconds(2)).build(),
			this.clock);

	@Test
	void servesNothingBeforeItsFirstPoll() {
		assertThat(this.replica.serves(null)).isFalse();
		assertThat(this.replica.status().healthy()).isFalse();
	}

	@Test
	void servesReadsWhoseTokenItHasReplayed() {
		this.replica.polled(ConsistencyToken.parse("0/100"), 0, Duration.ZERO, null);
		assertThat(this.replica.serves(null)).isTrue();
		assertThat(this.replica.serves(ConsistencyToken.parse("0/100"))).isTrue();
		assertThat(this.replica.serves(ConsistencyToken.parse("0/101"))).isFalse();
	}

	@Test
	void aLaggingOrFailedReplicaServesNothingUntilAHealthyPoll() {
		this.replica.polled(ConsistencyToken.parse("0/100"), 10, Duration.ofSeconds(9), "lags");
		assertThat(this.replica.serves(null)).isFalse();
		this.replica.polled(ConsistencyToken.parse("0/200"), 0, Duration.ZERO, null);
		this.replica.failed("connection failed");
		assertThat(this.replica.serves(null)).isFalse();
		assertThat(this.replica.status().problem()).isEqualTo("connection failed");
		this.replica.polled(ConsistencyToken.parse("0/200"), 0, Duration.ZERO, null);
		assertThat(this.replica.serves(null)).isTrue();
	}

	@Test
	void aReplicaWhosePollsStoppedIsTakenOut() {
		this.replica.polled(ConsistencyToken.parse("0/100"), 0, Duration.ZERO, null);
		this.clock.advance(Duration.ofSeconds(4));
		assertThat(this.replica.serves(null)).isTrue();
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.replica.serves(null)).isFalse();
		assertThat(this.replica.status().healthy()).isFalse();
	}

	private static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneId.of("UTC");
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

	private static final class NeverFactory implements ConnectionFactory {

		@Override
		public Publisher<? extends Connection> create() {
			return Mono.never();
		}

		@Override
		public ConnectionFactoryMetadata getMetadata() {
			return () -> "never";
		}

	}

}
