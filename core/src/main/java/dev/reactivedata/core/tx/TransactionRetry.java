package dev.reactivedata.core.tx;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Transactions#retrying(reactor.core.publisher.Mono)} re-runs a unit of work that failed with a
 * serialization failure (SQLSTATE {@code 40001}) or a deadlock ({@code 40P01}): jittered exponential backoff,
 * bounded by a number of retries. Immutable; build with {@link #builder()}.
 */
public final class TransactionRetry {

	/** Up to 5 retries, 20 ms doubling up to 1 s, jitter 0.5. */
	public static final TransactionRetry DEFAULT = builder().build();

	private final int maxRetries;

	private final Duration firstBackoff;

	private final Duration maxBackoff;

	private final double jitter;

	private TransactionRetry(Builder builder) {
		this.maxRetries = builder.maxRetries;
		this.firstBackoff = builder.firstBackoff;
		this.maxBackoff = builder.maxBackoff;
		this.jitter = builder.jitter;
	}

	/**
	 * Starts a builder with the defaults of {@link #DEFAULT}.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/** @return how many times a failed unit is re-run at most (default 5) */
	public int maxRetries() {
		return this.maxRetries;
	}

	/** @return the delay before the first retry (default 20 ms) */
	public Duration firstBackoff() {
		return this.firstBackoff;
	}

	/** @return the longest delay between two attempts (default 1 s) */
	public Duration maxBackoff() {
		return this.maxBackoff;
	}

	/** @return the jitter factor applied to each delay, 0 to 1 (default 0.5) */
	public double jitter() {
		return this.jitter;
	}

	/**
	 * Builds a {@link TransactionRetry}; every setter validates eagerly.
	 */
	public static final class Builder {

		private int maxRetries = 5;

		private Duration firstBackoff = Duration.ofMillis(20);

		private Duration maxBackoff = Duration.ofSeconds(1);

		private double jitter = 0.5;

		private Builder() {
		}

		/**
		 * @param maxRetries how many times a failed unit is re-run at most, 0 or more
		 * @return this builder
		 */
		public Builder maxRetries(int maxRetries) {
			if (maxRetries < 0) {
				throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
			}
			this.maxRetries = maxRetries;
			return this;
		}

		/**
		 * @param firstBackoff the delay before the first retry, positive
		 * @return this builder
		 */
		public Builder firstBackoff(Duration firstBackoff) {
			Objects.requireNonNull(firstBackoff, "firstBackoff must not be null");
			if (firstBackoff.isNegative() || firstBackoff.isZero()) {
				throw new IllegalArgumentException("firstBackoff must be positive, was " + firstBackoff);
			}
			this.firstBackoff = firstBackoff;
			return this;
		}

		/**
		 * @param maxBackoff the longest delay between attempts, positive
		 * @return this builder
		 */
		public Builder maxBackoff(Duration maxBackoff) {
			Objects.requireNonNull(maxBackoff, "maxBackoff must not be null");
			if (maxBackoff.isNegative() || maxBackoff.isZero()) {
				throw new IllegalArgumentException("maxBackoff must be positive, was " + maxBackoff);
			}
			this.maxBackoff = maxBackoff;
			return this;
		}

		/**
		 * @param jitter the jitter factor, 0 to 1
		 * @return this builder
		 */
		public Builder jitter(double jitter) {
			if (jitter < 0 || jitter > 1) {
				throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
			}
			this.jitter = jitter;
			return this;
		}

		/**
		 * @return the retry policy
		 */
		public TransactionRetry build() {
			if (this.maxBackoff.compareTo(this.firstBackoff) < 0) {
				throw new IllegalArgumentException("maxBackoff must not be shorter than firstBackoff");
			}
			return new TransactionRetry(this);
		}

	}

}
