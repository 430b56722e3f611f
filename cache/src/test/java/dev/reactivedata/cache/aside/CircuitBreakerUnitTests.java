package dev.reactivedata.cache.aside;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerUnitTests {

	private static final IllegalStateException FAILURE = new IllegalStateException("Redis down");

	@Test
	void opensAfterTheThresholdOfConsecutiveFailures() {
		CircuitBreaker breaker = new CircuitBreaker("test", 3, 2000, VirtualTimeScheduler.create());
		breaker.onFailure(FAILURE);
		breaker.onFailure(FAILURE);
		assertThat(breaker.acquire()).isEqualTo(CircuitBreaker.Permit.ALLOW);
		breaker.onFailure(FAILURE);
		assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
		assertThat(breaker.acquire()).isEqualTo(CircuitBreaker.Permit.REJECT);
	}

	@Test
	void aSuccessResetsTheFailureCount() {
		CircuitBreaker breaker = new CircuitBreaker("test", 3, 2000, VirtualTimeScheduler.create());
		breaker.onFailure(FAILURE);
		breaker.onFailure(FAILURE);
		breaker.onSuccess();
		breaker.onFailure(FAILURE);
		breaker.onFailure(FAILURE);
		assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
	}

	@Test
	void halfOpensForOneProbeAfterTheOpenDuration() {
		StepVerifier.withVirtualTime(() -> {
			CircuitBreaker breaker = new CircuitBreaker("test", 1, 2000, Schedulers.parallel());
			breaker.onFailure(FAILURE);
			return Flux.concat(Mono.fromSupplier(breaker::acquire),
					Mono.delay(Duration.ofMillis(1999)).map(tick -> breaker.acquire()),
					Mono.delay(Duration.ofMillis(1)).map(tick -> breaker.acquire()),
					Mono.fromSupplier(breaker::acquire), Mono.fromSupplier(breaker::state));
		})
			.expectNext(CircuitBreaker.Permit.REJECT)
			.thenAwait(Duration.ofMillis(1999))
			.expectNext(CircuitBreaker.Permit.REJECT)
			.thenAwait(Duration.ofMillis(1))
			.expectNext(CircuitBreaker.Permit.PROBE, CircuitBreaker.Permit.REJECT, CircuitState.HALF_OPEN)
			.verifyComplete();
	}

	@Test
	void aFailedProbeReopensForAnotherOpenDuration() {
		StepVerifier.withVirtualTime(() -> {
			CircuitBreaker breaker = new CircuitBreaker("test", 1, 2000, Schedulers.parallel());
			breaker.onFailure(FAILURE);
			return Mono.delay(Duration.ofSeconds(2)).flatMapMany(tick -> {
				CircuitBreaker.Permit probe = breaker.acquire();
				breaker.open(FAILURE);
				return Flux.concat(Mono.just(probe), Mono.fromSupplier(breaker::acquire),
						Mono.delay(Duration.ofSeconds(2)).map(later -> breaker.acquire()));
			});
		})
			.thenAwait(Duration.ofSeconds(2))
			.expectNext(CircuitBreaker.Permit.PROBE, CircuitBreaker.Permit.REJECT)
			.thenAwait(Duration.ofSeconds(2))
			.expectNext(CircuitBreaker.Permit.PROBE)
			.verifyComplete();
	}

	@Test
	void closingAllowsAgain() {
		CircuitBreaker breaker = new CircuitBreaker("test", 1, 2000, VirtualTimeScheduler.create());
		breaker.onFailure(FAILURE);
		breaker.close();
		assertThat(breaker.acquire()).isEqualTo(CircuitBreaker.Permit.ALLOW);
		assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
	}

}
