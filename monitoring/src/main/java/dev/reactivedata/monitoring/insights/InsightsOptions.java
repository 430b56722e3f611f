package dev.reactivedata.monitoring.insights;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable thresholds of {@link PostgresInsights}. Build with {@link #builder()}; every option has a default.
 */
public final class InsightsOptions {

	private final Duration longRunning;

	private final long missingIndexMinRows;

	private final long missingIndexMinSequentialScans;

	private final double bloatDeadRatio;

	private final long wraparoundRemaining;

	private final double sequenceUsedRatio;

	private final int topQueries;

	private final Duration statementTimeout;

	private InsightsOptions(Builder builder) {
		this.longRunning = builder.longRunning;
		this.missingIndexMinRows = builder.missingIndexMinRows;
		this.missingIndexMinSequentialScans = builder.missingIndexMinSequentialScans;
		this.bloatDeadRatio = builder.bloatDeadRatio;
		this.wraparoundRemaining = builder.wraparoundRemaining;
		this.sequenceUsedRatio = builder.sequenceUsedRatio;
		this.topQueries = builder.topQueries;
		this.statementTimeout = builder.statementTimeout;
	}

	/** @return a builder with the defaults */
	public static Builder builder() {
		return new Builder();
	}

	/** @return the defaults */
	public static InsightsOptions defaults() {
		return builder().build();
	}

	/** @return statements running at least this long are reported (default 1 min) */
	public Duration longRunning() {
		return this.longRunning;
	}

	/** @return tables smaller than this are never suggested an index (default 10,000 rows) */
	public long missingIndexMinRows() {
		return this.missingIndexMinRows;
	}

	/** @return tables with fewer sequential scans are never suggested an index (default 100) */
	public long missingIndexMinSequentialScans() {
		return this.missingIndexMinSequentialScans;
	}

	/** @return dead-row share at or above which a table counts as bloated (default 0.2) */
	public double bloatDeadRatio() {
		return this.bloatDeadRatio;
	}

	/** @return transactions left before wraparound below which it is a danger (default 100,000,000) */
	public long wraparoundRemaining() {
		return this.wraparoundRemaining;
	}

	/** @return used share of a sequence at or above which it is reported (default 0.75) */
	public double sequenceUsedRatio() {
		return this.sequenceUsedRatio;
	}

	/** @return how many {@code pg_stat_statements} entries to report (default 10) */
	public int topQueries() {
		return this.topQueries;
	}

	/** @return the whole report must finish within this (default 10 s) */
	public Duration statementTimeout() {
		return this.statementTimeout;
	}

	/**
	 * Builds {@link InsightsOptions}, validating eagerly.
	 */
	public static final class Builder {

		private Duration longRunning = Duration.ofMinutes(1);

		private long missingIndexMinRows = 10_000;

		private long missingIndexMinSequentialScans = 100;

		private double bloatDeadRatio = 0.2;

		private long wraparoundRemaining = 100_000_000;

		private double sequenceUsedRatio = 0.75;

		private int topQueries = 10;

		private Duration statementTimeout = Duration.ofSeconds(10);

		private Builder() {
		}

		/**
		 * @param longRunning positive (default 1 min)
		 * @return this builder
		 */
		public Builder longRunning(Duration longRunning) {
			this.longRunning = positive("longRunning", longRunning);
			return this;
		}

		/**
		 * @param missingIndexMinRows at least 0 (default 10,000)
		 * @return this builder
		 */
		public Builder missingIndexMinRows(long missingIndexMinRows) {
			this.missingIndexMinRows = notNegative("missingIndexMinRows", missingIndexMinRows);
			return this;
		}

		/**
		 * @param missingIndexMinSequentialScans at least 0 (default 100)
		 * @return this builder
		 */
		public Builder missingIndexMinSequentialScans(long missingIndexMinSequentialScans) {
			this.missingIndexMinSequentialScans = notNegative("missingIndexMinSequentialScans",
					missingIndexMinSequentialScans);
			return this;
		}

		/**
		 * @param bloatDeadRatio in (0, 1] (default 0.2)
		 * @return this builder
		 */
		public Builder bloatDeadRatio(double bloatDeadRatio) {
			this.bloatDeadRatio = ratio("bloatDeadRatio", bloatDeadRatio);
			return this;
		}

		/**
		 * @param wraparoundRemaining at least 0 (default 100,000,000)
		 * @return this builder
		 */
		public Builder wraparoundRemaining(long wraparoundRemaining) {
			this.wraparoundRemaining = notNegative("wraparoundRemaining", wraparoundRemaining);
			return this;
		}

		/**
		 * @param sequenceUsedRatio in (0, 1] (default 0.75)
		 * @return this builder
		 */
		public Builder sequenceUsedRatio(double sequenceUsedRatio) {
			this.sequenceUsedRatio = ratio("sequenceUsedRatio", sequenceUsedRatio);
			return this;
		}

		/**
		 * @param topQueries 1 to 100 (default 10)
		 * @return this builder
		 */
		public Builder topQueries(int topQueries) {
			if (topQueries < 1 || topQueries > 100) {
				throw new IllegalArgumentException("topQueries must be between 1 and 100, was " + topQueries);
			}
			this.topQueries = topQueries;
			return this;
		}

		/**
		 * @param statementTimeout positive (default 10 s)
		 * @return this builder
		 */
		public Builder statementTimeout(Duration statementTimeout) {
			this.statementTimeout = positive("statementTimeout", statementTimeout);
			return this;
		}

		/** @return the options */
		public InsightsOptions build() {
			return new InsightsOptions(this);
		}

		private static Duration positive(String name, Duration value) {
			Objects.requireNonNull(value, name + " must not be null");
			if (value.isNegative() || value.isZero()) {
				throw new IllegalArgumentException(name + " must be positive, was " + value);
			}
			return value;
		}

		private static long notNegative(String name, long value) {
			if (value < 0) {
				throw new IllegalArgumentException(name + " must not be negative, was " + value);
			}
			return value;
		}

		private static double ratio(String name, double value) {
			if (!(value > 0 && value <= 1)) {
				throw new IllegalArgumentException(name + " must be in (0, 1], was " + value);
			}
			return value;
		}

	}

}
