package dev.reactivedata.core.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of read routing. Defaults: a replica may lag by at most 5 seconds and 16 MiB of WAL, and its replay
 * position is polled every second with a timeout of 2 seconds.
 */
public final class ReadRoutingOptions {

	private final Duration maxLag;

	private final long maxLagBytes;

	private final Duration pollInterval;

	private final Duration pollTimeout;

	private ReadRoutingOptions(Builder builder) {
		this.maxLag = builder.maxLag;
		this.maxLagBytes = builder.maxLagBytes;
		this.pollInterval = builder.pollInterval;
		this.pollTimeout = builder.pollTimeout;
	}

	/** @return a builder with the defaults */
	public static Builder builder() {
		return new Builder();
	}

	/** @return the default options */
	public static ReadRoutingOptions defaults() {
		return builder().build();
	}

	/** @return how far behind the primary, in time, a replica may be and still serve reads without a token */
	public Duration maxLag() {
		return this.maxLag;
	}

	/** @return how far behind the primary, in WAL bytes, a replica may be and still serve reads */
	public long maxLagBytes() {
		return this.maxLagBytes;
	}

	/** @return how often each replica's replay position is read */
	public Duration pollInterval() {
		return this.pollInterval;
	}

	/** @return how long one poll may take before the replica counts as down */
	public Duration pollTimeout() {
		return this.pollTimeout;
	}

	/**
	 * Builds {@link ReadRoutingOptions}.
	 */
	public static final class Builder {

		private Duration maxLag = Duration.ofSeconds(5);

		private long maxLagBytes = 16L * 1024 * 1024;

		private Duration pollInterval = Duration.ofSeconds(1);

		private Duration pollTimeout = Duration.ofSeconds(2);

		private Builder() {
		}

		/**
		 * @param maxLag the largest lag in time of a replica that serves reads; positive
		 * @return this builder
		 */
		public Builder maxLag(Duration maxLag) {
			this.maxLag = positive(maxLag, "maxLag");
			return this;
		}

		/**
		 * @param maxLagBytes the largest lag in WAL bytes of a replica that serves reads; not negative
		 * @return this builder
		 */
		public Builder maxLagBytes(long maxLagBytes) {
			if (maxLagBytes < 0) {
				throw new IllegalArgumentException("maxLagBytes must not be negative");
			}
			this.maxLagBytes = maxLagBytes;
			return this;
		}

		/**
		 * @param pollInterval how often replicas are polled; positive
		 * @return this builder
		 */
		public Builder pollInterval(Duration pollInterval) {
			this.pollInterval = positive(pollInterval, "pollInterval");
			return this;
		}

		/**
		 * @param pollTimeout how long one poll may take; positive
		 * @return this builder
		 */
		public Builder pollTimeout(Duration pollTimeout) {
			this.pollTimeout = positive(pollTimeout, "pollTimeout");
			return this;
		}

		/** @return the options */
		public ReadRoutingOptions build() {
			return new ReadRoutingOptions(this);
		}

		private static Duration positive(Duration duration, String name) {
			Objects.requireNonNull(duration, name + " must not be null");
			if (duration.isNegative() || duration.isZero()) {
				throw new IllegalArgumentException(name + " must be positive");
			}
			return duration;
		}

	}

}
