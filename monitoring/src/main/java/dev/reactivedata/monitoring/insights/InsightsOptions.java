package dev.reactivedata.monitoring.insights;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

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

	private final Duration minStatisticsAge;

	private final long unusedIndexMinTableScans;

	private final long bloatMinTableBytes;

	private final long cacheHitMinBlocks;

	private final double cacheHitRatio;

	private final Set<String> toolTables;

	private InsightsOptions(Builder builder) {
		this.minStatisticsAge = builder.minStatisticsAge;
		this.unusedIndexMinTableScans = builder.unusedIndexMinTableScans;
		this.bloatMinTableBytes = builder.bloatMinTableBytes;
		this.cacheHitMinBlocks = builder.cacheHitMinBlocks;
		this.cacheHitRatio = builder.cacheHitRatio;
		this.toolTables = builder.toolTables;
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
	 * @return statistics younger than this (since {@code pg_stat_database.stats_reset}, else since the server
	 * started) are not enough to call an index unused or a cache hit ratio low (default 1 day)
	 */
	public Duration minStatisticsAge() {
		return this.minStatisticsAge;
	}

	/**
	 * @return an index is called unused only when its table was read at least this many times (sequential and
	 * index scans) since the statistics were reset (default 1,000)
	 */
	public long unusedIndexMinTableScans() {
		return this.unusedIndexMinTableScans;
	}

	/** @return tables smaller than this are never called bloated (default 10 MiB) */
	public long bloatMinTableBytes() {
		return this.bloatMinTableBytes;
	}

	/** @return the cache hit ratio is judged only after this many block reads, hits included (default 100,000) */
	public long cacheHitMinBlocks() {
		return this.cacheHitMinBlocks;
	}

	/** @return table cache hit ratio below which a warning is given (default 0.99) */
	public double cacheHitRatio() {
		return this.cacheHitRatio;
	}

	/**
	 * @return tables whose indexes are never suggested for dropping: migration tools' history tables and the
	 * library's own tables (default {@code flyway_schema_history}, {@code reactivedata_schema_history},
	 * {@code audit_log} and the tables of its hash chains)
	 */
	public Set<String> toolTables() {
		return this.toolTables;
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

		private Duration minStatisticsAge = Duration.ofDays(1);

		private long unusedIndexMinTableScans = 1_000;

		private long bloatMinTableBytes = 10L << 20;

		private long cacheHitMinBlocks = 100_000;

		private double cacheHitRatio = 0.99;

		private Set<String> toolTables = Set.of("flyway_schema_history", "reactivedata_schema_history", "audit_log",
				"audit_log_chain", "audit_log_anchor", "audit_log_seal_state", "audit_log_seal_writer");

		private Builder() {
		}

		/**
		 * @param minStatisticsAge not negative (default 1 day)
		 * @return this builder
		 */
		public Builder minStatisticsAge(Duration minStatisticsAge) {
			Objects.requireNonNull(minStatisticsAge, "minStatisticsAge must not be null");
			if (minStatisticsAge.isNegative()) {
				throw new IllegalArgumentException("minStatisticsAge must not be negative, was " + minStatisticsAge);
			}
			this.minStatisticsAge = minStatisticsAge;
			return this;
		}

		/**
		 * @param unusedIndexMinTableScans at least 0 (default 1,000)
		 * @return this builder
		 */
		public Builder unusedIndexMinTableScans(long unusedIndexMinTableScans) {
			this.unusedIndexMinTableScans = notNegative("unusedIndexMinTableScans", unusedIndexMinTableScans);
			return this;
		}

		/**
		 * @param bloatMinTableBytes at least 0 (default 10 MiB)
		 * @return this builder
		 */
		public Builder bloatMinTableBytes(long bloatMinTableBytes) {
			this.bloatMinTableBytes = notNegative("bloatMinTableBytes", bloatMinTableBytes);
			return this;
		}

		/**
		 * @param cacheHitMinBlocks at least 0 (default 100,000)
		 * @return this builder
		 */
		public Builder cacheHitMinBlocks(long cacheHitMinBlocks) {
			this.cacheHitMinBlocks = notNegative("cacheHitMinBlocks", cacheHitMinBlocks);
			return this;
		}

		/**
		 * @param cacheHitRatio in (0, 1] (default 0.99)
		 * @return this builder
		 */
		public Builder cacheHitRatio(double cacheHitRatio) {
			this.cacheHitRatio = ratio("cacheHitRatio", cacheHitRatio);
			return this;
		}

		/**
		 * @param toolTables table names whose indexes are never suggested for dropping; replaces the default
		 * @return this builder
		 */
		public Builder toolTables(Set<String> toolTables) {
			Objects.requireNonNull(toolTables, "toolTables must not be null");
			this.toolTables = Set.copyOf(toolTables);
			return this;
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
