package dev.reactivedata.testing;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Sentinel: proves BlockHound is installed in the test JVM, so a blocking call on a reactive thread fails a
 * test instead of passing unnoticed.
 */
class BlockHoundIntegrationTests {

	@Test
	void blockingCallOnReactiveThreadFails() {
		Mono.delay(Duration.ofMillis(1))
			.doOnNext(tick -> {
				try {
					Thread.sleep(10);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			})
			.as(StepVerifier::create)
			.expectErrorMatches(error -> error instanceof BlockingOperationError
					|| error.getCause() instanceof BlockingOperationError)
			.verify(Duration.ofSeconds(5));
	}

}
