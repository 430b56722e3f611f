package dev.reactivedata.core.retention;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What a retention run deletes. Immutable; built with {@link #builder()}.
 */
public final class RetentionOptions {

	private final @Nullable Duration auditOlderThan;

	private final @Nullable Duration deletedOlderThan;

	private final int batchSize;

	private final boolean dryRun;

	private RetentionOptions(Builder builder) {
		this.auditOlderThan = builder.auditOlderThan;
		this.deletedOlderThan = builder.deletedOlderThan;
		this.batchSize = builder.batchSize;
		this.dryRun = builder.dryRun;
	}

	/**
	 * Starts a builder with the defaults: audit entries older than 90 days, soft-deleted rows older than 30 days,
	 * batches of 5,000 rows, not a dry run.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/** @return the age beyond which audit entries are deleted, {@code null} to keep them all */
	public @Nullable Duration auditOlderThan() {
		return this.auditOlderThan;
	}

	/** @return the age beyond which soft-deleted rows are purged, {@code null} to keep them all */
	public @Nullable Duration deletedOlderThan() {
		return this.deletedOlderThan;
	}

	/** @return the rows deleted per statement (and transaction) */
	public int batchSize() {
		return this.batchSize;
	}

	/** @return whether to count what would be deleted instead of deleting it */
	public boolean dryRun() {
		return this.dryRun;
	}

	/**
	 * Builds {@link RetentionOptions}.
	 */
	public static final class Builder {

		private @Nullable Duration auditOlderThan = Duration.ofDays(90);

		private @Nullable Duration deletedOlderThan = Duration.ofDays(30);

		private int batchSize = 5_000;

		private boolean dryRun;

		private Builder() {
		}

		/**
		 * Sets the age beyond which audit entries are deleted (default 90 days).
		 * @param age a positive age, or {@code null} to keep every audit entry
		 * @return this builder
		 */
		public Builder auditOlderThan(@Nullable Duration age) {
			this.auditOlderThan = positive(age, "auditOlderThan");
			return this;
		}

		/**
		 * Sets the age beyond which soft-deleted rows are purged (default 30 days).
		 * @param age a positive age, or {@code null} to keep every soft-deleted row
		 * @return this builder
		 */
		public Builder deletedOlderThan(@Nullable Duration age) {
			this.deletedOlderThan = positive(age, "deletedOlderThan");
			return this;
		}

		/**
		 * Sets the rows deleted per statement, which bounds how long each batch holds its locks (default 5,000).
		 * @param batchSize at least 1
		 * @return this builder
		 */
		public Builder batchSize(int batchSize) {
			if (batchSize < 1) {
				throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
			}
			this.batchSize = batchSize;
			return this;
		}

		/**
		 * Counts what would be deleted, deleting nothing (default {@code false}).
		 * @param dryRun whether to only count
		 * @return this builder
		 */
		public Builder dryRun(boolean dryRun) {
			this.dryRun = dryRun;
			return this;
		}

		/**
		 * Builds the options.
		 * @return the options
		 */
		public RetentionOptions build() {
			return new RetentionOptions(this);
		}

		private static @Nullable Duration positive(@Nullable Duration age, String name) {
			if (age != null && (age.isNegative() || age.isZero())) {
				throw new IllegalArgumentException(name + " must be positive, was " + age);
			}
			return age;
		}

	}

	@Override
	public String toString() {
		return "RetentionOptions[auditOlderThan=" + this.auditOlderThan + ", deletedOlderThan=" + this.deletedOlderThan
				+ ", batchSize=" + this.batchSize + ", dryRun=" + this.dryRun + "]";
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof RetentionOptions that && Objects.equals(this.auditOlderThan, that.auditOlderThan)
				&& Objects.equals(this.deletedOlderThan, that.deletedOlderThan) && this.batchSize == that.batchSize
				&& this.dryRun == that.dryRun;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.auditOlderThan, this.deletedOlderThan, this.batchSize, this.dryRun);
	}

}
