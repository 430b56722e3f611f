package dev.reactivedata.core.maintenance;

import java.time.Duration;
import java.util.Objects;

/**
 * How careful maintenance is with exclusive locks. {@code VACUUM FULL} rewrites a table and its indexes under an
 * {@code ACCESS EXCLUSIVE} lock; its duration is estimated as the table's total size (heap, indexes, TOAST) over
 * {@link #rewriteBytesPerSecond()}, and a table whose estimate exceeds {@link #fullVacuumLockLimit()} is only
 * vacuumed in full when the caller confirms it.
 */
public final class MaintenanceOptions {

	private static final MaintenanceOptions DEFAULTS = builder().build();

	private final Duration fullVacuumLockLimit;

	private final long rewriteBytesPerSecond;

	private MaintenanceOptions(Builder builder) {
		this.fullVacuumLockLimit = builder.fullVacuumLockLimit;
		this.rewriteBytesPerSecond = builder.rewriteBytesPerSecond;
	}

	/**
	 * @return the defaults: a 10 second lock limit at 50 MiB/s
	 */
	public static MaintenanceOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * @return a builder with the defaults
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * @return the longest estimated {@code VACUUM FULL} lock taken without confirmation (default 10 seconds)
	 */
	public Duration fullVacuumLockLimit() {
		return this.fullVacuumLockLimit;
	}

	/**
	 * @return the rewrite rate the lock estimate assumes, in bytes per second (default 50 MiB/s, a cautious disk)
	 */
	public long rewriteBytesPerSecond() {
		return this.rewriteBytesPerSecond;
	}

	/**
	 * Estimates how long {@code VACUUM FULL} locks a table of the given total size.
	 * @param bytes the table's total size
	 * @return the estimate
	 */
	public Duration estimateFullVacuumLock(long bytes) {
		return Duration.ofMillis(Math.max(0, bytes) * 1000 / this.rewriteBytesPerSecond);
	}

	/**
	 * Builds {@link MaintenanceOptions}.
	 */
	public static final class Builder {

		private Duration fullVacuumLockLimit = Duration.ofSeconds(10);

		private long rewriteBytesPerSecond = 50L * 1024 * 1024;

		private Builder() {
		}

		/**
		 * @param limit the longest estimated lock taken without confirmation, not negative
		 * @return this builder
		 */
		public Builder fullVacuumLockLimit(Duration limit) {
			Objects.requireNonNull(limit, "fullVacuumLockLimit must not be null");
			if (limit.isNegative()) {
				throw new IllegalArgumentException("fullVacuumLockLimit must not be negative");
			}
			this.fullVacuumLockLimit = limit;
			return this;
		}

		/**
		 * @param bytesPerSecond the rewrite rate of the estimate, positive
		 * @return this builder
		 */
		public Builder rewriteBytesPerSecond(long bytesPerSecond) {
			if (bytesPerSecond <= 0) {
				throw new IllegalArgumentException("rewriteBytesPerSecond must be positive");
			}
			this.rewriteBytesPerSecond = bytesPerSecond;
			return this;
		}

		/**
		 * @return the options
		 */
		public MaintenanceOptions build() {
			return new MaintenanceOptions(this);
		}

	}

}
