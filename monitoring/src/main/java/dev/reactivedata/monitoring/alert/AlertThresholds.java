package dev.reactivedata.monitoring.alert;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable thresholds of the alert rules. Build with {@link #builder()}; every threshold has a default.
 * These are the same thresholds as the shipped Prometheus rules file
 * ({@code prometheus/reactivedata-alerts.yml}).
 */
public final class AlertThresholds {

	private final double poolSaturation;

	private final int pendingAcquirers;

	private final double p99Ms;

	private final double errorRate;

	private final double cacheHitRatio;

	private final long minimumCacheGets;

	private final long minimumQueries;

	private final Duration evaluationInterval;

	private AlertThresholds(Builder builder) {
		this.poolSaturation = builder.poolSaturation;
		this.pendingAcquirers = builder.pendingAcquirers;
		this.p99Ms = builder.p99Ms;
		this.errorRate = builder.errorRate;
		this.cacheHitRatio = builder.cacheHitRatio;
		this.minimumCacheGets = builder.minimumCacheGets;
		this.minimumQueries = builder.minimumQueries;
		this.evaluationInterval = builder.evaluationInterval;
	}

	/** @return a builder with the defaults */
	public static Builder builder() {
		return new Builder();
	}

	/** @return the default thresholds */
	public static AlertThresholds defaults() {
		return builder().build();
	}

	/** @return pool saturation (acquired / max) at or above which {@code pool-saturation} is raised (default 0.9) */
	public double poolSaturation() {
		return this.poolSaturation;
	}

	/** @return waiting acquirers at or above which {@code pending-acquirers} is raised (default 1) */
	public int pendingAcquirers() {
		return this.pendingAcquirers;
	}

	/** @return query p99 in ms at or above which {@code query-latency-p99} is raised (default 250) */
	public double p99Ms() {
		return this.p99Ms;
	}

	/** @return failed share of statements at or above which {@code query-error-rate} is raised (default 0.05) */
	public double errorRate() {
		return this.errorRate;
	}

	/** @return cache hit ratio below which {@code cache-hit-ratio} is raised (default 0.5) */
	public double cacheHitRatio() {
		return this.cacheHitRatio;
	}

	/** @return cache gets per evaluation below which the hit ratio is not judged (default 20) */
	public long minimumCacheGets() {
		return this.minimumCacheGets;
	}

	/** @return statements per evaluation below which the error rate is not judged (default 20) */
	public long minimumQueries() {
		return this.minimumQueries;
	}

	/** @return the rules are evaluated at most this often; rates cover the time between evaluations (default 1 s) */
	public Duration evaluationInterval() {
		return this.evaluationInterval;
	}

	/**
	 * Builds {@link AlertThresholds}, validating eagerly.
	 */
	public static final class Builder {

		private double poolSaturation = 0.9;

		private int pendingAcquirers = 1;

		private double p99Ms = 250;

		private double errorRate = 0.05;

		private double cacheHitRatio = 0.5;

		private long minimumCacheGets = 20;

		private long minimumQueries = 20;

		private Duration evaluationInterval = Duration.ofSeconds(1);

		private Builder() {
		}

		/**
		 * @param poolSaturation between 0 (exclusive) and 1 (default 0.9)
		 * @return this builder
		 */
		public Builder poolSaturation(double poolSaturation) {
			this.poolSaturation = ratio("poolSaturation", poolSaturation);
			return this;
		}

		/**
		 * @param pendingAcquirers at least 1 (default 1)
		 * @return this builder
		 */
		public Builder pendingAcquirers(int pendingAcquirers) {
			if (pendingAcquirers < 1) {
				throw new IllegalArgumentException("pendingAcquirers must be at least 1, was " + pendingAcquirers);
			}
			this.pendingAcquirers = pendingAcquirers;
			return this;
		}

		/**
		 * @param p99Ms positive (default 250)
		 * @return this builder
		 */
		public Builder p99Ms(double p99Ms) {
			if (!(p99Ms > 0)) {
				throw new IllegalArgumentException("p99Ms must be positive, was " + p99Ms);
			}
			this.p99Ms = p99Ms;
			return this;
		}

		/**
		 * @param errorRate between 0 (exclusive) and 1 (default 0.05)
		 * @return this builder
		 */
		public Builder errorRate(double errorRate) {
			this.errorRate = ratio("errorRate", errorRate);
			return this;
		}

		/**
		 * @param cacheHitRatio between 0 (exclusive) and 1 (default 0.5)
		 * @return this builder
		 */
		public Builder cacheHitRatio(double cacheHitRatio) {
			this.cacheHitRatio = ratio("cacheHitRatio", cacheHitRatio);
			return this;
		}

		/**
		 * @param minimumCacheGets at least 1 (default 20)
		 * @return this builder
		 */
		public Builder minimumCacheGets(long minimumCacheGets) {
			if (minimumCacheGets < 1) {
				throw new IllegalArgumentException("minimumCacheGets must be at least 1, was " + minimumCacheGets);
			}
			this.minimumCacheGets = minimumCacheGets;
			return this;
		}

		/**
		 * @param minimumQueries at least 1 (default 20)
		 * @return this builder
		 */
		public Builder minimumQueries(long minimumQueries) {
			if (minimumQueries < 1) {
				throw new IllegalArgumentException("minimumQueries must be at least 1, was " + minimumQueries);
			}
			this.minimumQueries = minimumQueries;
			return this;
		}

		/**
		 * @param evaluationInterval positive (default 1 s)
		 * @return this builder
		 */
		public Builder evaluationInterval(Duration evaluationInterval) {
			Objects.requireNonNull(evaluationInterval, "evaluationInterval must not be null");
			if (evaluationInterval.isNegative() || evaluationInterval.isZero()) {
				throw new IllegalArgumentException("evaluationInterval must be positive, was " + evaluationInterval);
			}
			this.evaluationInterval = evaluationInterval;
			return this;
		}

		/** @return the thresholds */
		public AlertThresholds build() {
			return new AlertThresholds(this);
		}

		private static double ratio(String name, double value) {
			if (!(value > 0 && value <= 1)) {
				throw new IllegalArgumentException(name + " must be in (0, 1], was " + value);
			}
			return value;
		}

	}

}
