package dev.reactivedata.monitoring.query;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable options of a {@link QueryMonitor}. Build with {@link #builder()}; every option has a default.
 */
public final class QueryMonitorOptions {

	private final Duration slowThreshold;

	private final int slowLogSize;

	private final int nPlusOneThreshold;

	private final int queryBudget;

	private final int maxShapes;

	private final Duration percentileWindow;

	private QueryMonitorOptions(Builder builder) {
		this.slowThreshold = builder.slowThreshold;
		this.slowLogSize = builder.slowLogSize;
		this.nPlusOneThreshold = builder.nPlusOneThreshold;
		this.queryBudget = builder.queryBudget;
		this.maxShapes = builder.maxShapes;
		this.percentileWindow = builder.percentileWindow;
	}

	/** @return a builder with the defaults */
	public static Builder builder() {
		return new Builder();
	}

	/** @return the default options */
	public static QueryMonitorOptions defaults() {
		return builder().build();
	}

	/** @return statements taking at least this long are slow (default 500 ms) */
	public Duration slowThreshold() {
		return this.slowThreshold;
	}

	/** @return how many slow queries the log keeps (default 100) */
	public int slowLogSize() {
		return this.slowLogSize;
	}

	/** @return one shape running more than this many times in a request scope is an N+1 (default 5) */
	public int nPlusOneThreshold() {
		return this.nPlusOneThreshold;
	}

	/** @return statements a request scope may run before a budget event, 0 for no budget (default 100) */
	public int queryBudget() {
		return this.queryBudget;
	}

	/** @return distinct query shapes tracked, the rest count as {@code other} (default 200) */
	public int maxShapes() {
		return this.maxShapes;
	}

	/** @return how far back the latency percentiles look (default 10 s) */
	public Duration percentileWindow() {
		return this.percentileWindow;
	}

	/**
	 * Builds {@link QueryMonitorOptions}, validating eagerly.
	 */
	public static final class Builder {

		private Duration slowThreshold = Duration.ofMillis(500);

		private int slowLogSize = 100;

		private int nPlusOneThreshold = 5;

		private int queryBudget = 100;

		private int maxShapes = 200;

		private Duration percentileWindow = Duration.ofSeconds(10);

		private Builder() {
		}

		/**
		 * @param slowThreshold positive duration (default 500 ms)
		 * @return this builder
		 */
		public Builder slowThreshold(Duration slowThreshold) {
			Objects.requireNonNull(slowThreshold, "slowThreshold must not be null");
			if (slowThreshold.isNegative() || slowThreshold.isZero()) {
				throw new IllegalArgumentException("slowThreshold must be positive, was " + slowThreshold);
			}
			this.slowThreshold = slowThreshold;
			return this;
		}

		/**
		 * @param slowLogSize at least 1 (default 100)
		 * @return this builder
		 */
		public Builder slowLogSize(int slowLogSize) {
			if (slowLogSize < 1) {
				throw new IllegalArgumentException("slowLogSize must be at least 1, was " + slowLogSize);
			}
			this.slowLogSize = slowLogSize;
			return this;
		}

		/**
		 * @param nPlusOneThreshold at least 1 (default 5)
		 * @return this builder
		 */
		public Builder nPlusOneThreshold(int nPlusOneThreshold) {
			if (nPlusOneThreshold < 1) {
				throw new IllegalArgumentException("nPlusOneThreshold must be at least 1, was " + nPlusOneThreshold);
			}
			this.nPlusOneThreshold = nPlusOneThreshold;
			return this;
		}

		/**
		 * @param queryBudget at least 0, 0 turns the budget off (default 100)
		 * @return this builder
		 */
		public Builder queryBudget(int queryBudget) {
			if (queryBudget < 0) {
				throw new IllegalArgumentException("queryBudget must not be negative, was " + queryBudget);
			}
			this.queryBudget = queryBudget;
			return this;
		}

		/**
		 * @param maxShapes at least 1 (default 200)
		 * @return this builder
		 */
		public Builder maxShapes(int maxShapes) {
			if (maxShapes < 1) {
				throw new IllegalArgumentException("maxShapes must be at least 1, was " + maxShapes);
			}
			this.maxShapes = maxShapes;
			return this;
		}

		/**
		 * @param percentileWindow positive duration (default 10 s)
		 * @return this builder
		 */
		public Builder percentileWindow(Duration percentileWindow) {
			Objects.requireNonNull(percentileWindow, "percentileWindow must not be null");
			if (percentileWindow.isNegative() || percentileWindow.isZero()) {
				throw new IllegalArgumentException("percentileWindow must be positive, was " + percentileWindow);
			}
			this.percentileWindow = percentileWindow;
			return this;
		}

		/** @return the options */
		public QueryMonitorOptions build() {
			return new QueryMonitorOptions(this);
		}

	}

}
