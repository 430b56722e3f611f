package dev.reactivedata.core.pool;

import java.lang.reflect.Proxy;
import java.time.Duration;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * What the pool does around a driver that needs no server: the local validation of an acquired connection.
 */
class GuardedConnectionPoolUnitTests {

	@Test
	void theLocalValidationIsNotTimedOnAcquire() {
		// A local check slower than the validation timeout: only possible with a stand-in, and still not cut off.
		ConnectionFactory driver = new SlowlyValidatingDriver(Duration.ofMillis(300));
		GuardedConnectionPool pool = GuardedConnectionPool.create(driver, PoolOptions.builder()
			.maxSize(1)
			.validationTimeout(Duration.ofMillis(100))
			.leakThreshold(Duration.ZERO)
			.build());
		try {
			Mono.usingWhen(pool.create(), connection -> Mono.just("acquired"), Connection::close)
				.as(StepVerifier::create)
				.expectNext("acquired")
				.expectComplete()
				.verify(Duration.ofSeconds(10));
		}
		finally {
			pool.close().block(Duration.ofSeconds(10));
		}
	}

	/** A driver whose connections answer a local validation after a delay and can only be validated and closed. */
	private record SlowlyValidatingDriver(Duration validation) implements ConnectionFactory {

		@Override
		public Publisher<? extends Connection> create() {
			return Mono.fromSupplier(() -> (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { Connection.class }, (proxy, method, args) -> switch (method.getName()) {
						case "validate" -> Mono.delay(this.validation).thenReturn(true);
						case "close" -> Mono.empty();
						case "isAutoCommit" -> true;
						case "hashCode" -> System.identityHashCode(proxy);
						case "equals" -> proxy == args[0];
						case "toString" -> "slowly validating connection";
						default -> throw new UnsupportedOperationException(method.getName());
					}));
		}

		@Override
		public ConnectionFactoryMetadata getMetadata() {
			return () -> "slowly validating driver";
		}

	}

}
