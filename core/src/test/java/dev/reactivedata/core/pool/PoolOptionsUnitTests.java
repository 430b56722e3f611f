package dev.reactivedata.core.pool;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PoolOptionsUnitTests {

	@Test
	void defaultsAreBoundedAndRetryAtLeastTheMaxSize() {
		PoolOptions options = PoolOptions.builder().maxSize(12).build();
		assertThat(options.acquireRetry()).isEqualTo(12);
		assertThat(options.acquireTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(options.createTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(options.validationTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(options.backgroundEvictionInterval()).isPositive();
		assertThat(options.validationQuery()).isNull();
		assertThat(options.statementTimeout()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void statementTimeoutMayBeOffButNotNegative() {
		assertThat(PoolOptions.builder().statementTimeout(Duration.ZERO).build().statementTimeout()).isZero();
		assertThatIllegalArgumentException().isThrownBy(() -> PoolOptions.builder().statementTimeout(Duration.ofSeconds(-1)))
			.withMessage("statementTimeout must not be negative, was PT-1S");
	}

	@Test
	void acquireRetryBelowMaxSizeIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> PoolOptions.builder().maxSize(10).acquireRetry(1).build())
			.withMessageContaining("acquireRetry must be at least maxSize (10)");
	}

	@Test
	void nonPositiveTimeoutsAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> PoolOptions.builder().acquireTimeout(Duration.ZERO))
			.withMessage("acquireTimeout must be positive, was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> PoolOptions.builder().maxSize(0));
	}

	@Test
	void initialSizeAboveMaxSizeIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> PoolOptions.builder().maxSize(2).initialSize(3).build());
	}

}
