package dev.reactivedata.core.pool;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Settings of a {@link GuardedConnectionPool}. Unlike r2dbc-pool's own defaults (one acquire retry, no
 * timeouts) every value here is bounded: {@code acquireRetry} is at least {@code maxSize}, so a pool full of
 * connections the server dropped is cycled through within one acquire; acquire, create and the validation query
 * have timeouts; idle connections are evicted in the background. Immutable; build with {@link #builder()}.
 */
public final class PoolOptions {

	private final int initialSize;

	private final int maxSize;

	private final int minIdle;

	private final Duration maxIdleTime;

	private final Duration maxLifeTime;

	private final Duration acquireTimeout;

	private final Duration createTimeout;

	private final Duration validationTimeout;

	private final @Nullable String validationQuery;

	private final int acquireRetry;

	private final Duration backgroundEvictionInterval;

	private final Duration leakThreshold;

	private final boolean captureCallSite;

	private final Duration recoveryPeriod;

	private final Duration statementTimeout;

	private final String name;

	private PoolOptions(Builder builder) {
		this.initialSize = builder.initialSize;
		this.maxSize = builder.maxSize;
		this.minIdle = builder.minIdle;
		this.maxIdleTime = builder.maxIdleTime;
		this.maxLifeTime = builder.maxLifeTime;
		this.acquireTimeout = builder.acquireTimeout;
		this.createTimeout = builder.createTimeout;
		this.validationTimeout = builder.validationTimeout;
		this.validationQuery = builder.validationQuery;
		this.acquireRetry = (builder.acquireRetry != null) ? builder.acquireRetry : builder.maxSize;
		this.backgroundEvictionInterval = builder.backgroundEvictionInterval;
		this.leakThreshold = builder.leakThreshold;
		this.captureCallSite = builder.captureCallSite;
		this.recoveryPeriod = builder.recoveryPeriod;
		this.statementTimeout = builder.statementTimeout;
		this.name = builder.name;
	}

	/**
	 * Starts a builder with the documented defaults.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/** @return connections opened when the pool is warmed up (default 0) */
	public int initialSize() {
		return this.initialSize;
	}

	/** @return the most connections open at once (default 10) */
	public int maxSize() {
		return this.maxSize;
	}

	/** @return the fewest idle connections kept (default 0) */
	public int minIdle() {
		return this.minIdle;
	}

	/** @return how long a connection may stay idle before it is closed (default 10 min) */
	public Duration maxIdleTime() {
		return this.maxIdleTime;
	}

	/** @return how long a connection may live in all (default 30 min) */
	public Duration maxLifeTime() {
		return this.maxLifeTime;
	}

	/** @return how long an acquire may wait in all, retries included (default 5 s) */
	public Duration acquireTimeout() {
		return this.acquireTimeout;
	}

	/** @return how long opening one connection may take (default 5 s) */
	public Duration createTimeout() {
		return this.createTimeout;
	}

	/**
	 * @return how long the {@linkplain #validationQuery() validation query} may take on one connection (default 2 s);
	 * the local check that runs without a query does no I/O and is not timed
	 */
	public Duration validationTimeout() {
		return this.validationTimeout;
	}

	/**
	 * @return the validation query run on every acquire, or {@code null} (the default) for a local check of the
	 * connection's state, which costs no round trip
	 */
	public @Nullable String validationQuery() {
		return this.validationQuery;
	}

	/** @return how many times an acquire is retried after a failed validation or create (default {@code maxSize}) */
	public int acquireRetry() {
		return this.acquireRetry;
	}

	/** @return how often idle connections are checked for eviction (default 30 s) */
	public Duration backgroundEvictionInterval() {
		return this.backgroundEvictionInterval;
	}

	/** @return how long a connection may be held before it is reported as a possible leak (default 30 s; zero: off) */
	public Duration leakThreshold() {
		return this.leakThreshold;
	}

	/** @return whether the acquiring call site is captured for the leak report (default {@code true}) */
	public boolean captureCallSite() {
		return this.captureCallSite;
	}

	/** @return how long acquires must succeed after a degradation before the state is UP again (default 5 s) */
	public Duration recoveryPeriod() {
		return this.recoveryPeriod;
	}

	/**
	 * @return how long a statement may run before the server sends its first row (or its row count) before it is
	 * cancelled and its connection discarded (default 5 s; zero: no limit); see {@link StatementTimeout}
	 */
	public Duration statementTimeout() {
		return this.statementTimeout;
	}

	/** @return the pool's name, in logs and metrics (default {@code reactivedata}) */
	public String name() {
		return this.name;
	}

	/**
	 * Builds {@link PoolOptions}; setters validate eagerly, {@link #build()} checks the combination.
	 */
	public static final class Builder {

		private int initialSize;

		private int maxSize = 10;

		private int minIdle;

		private Duration maxIdleTime = Duration.ofMinutes(10);

		private Duration maxLifeTime = Duration.ofMinutes(30);

		private Duration acquireTimeout = Duration.ofSeconds(5);

		private Duration createTimeout = Duration.ofSeconds(5);

		private Duration validationTimeout = Duration.ofSeconds(2);

		private @Nullable String validationQuery;

		private @Nullable Integer acquireRetry;

		private Duration backgroundEvictionInterval = Duration.ofSeconds(30);

		private Duration leakThreshold = Duration.ofSeconds(30);

		private boolean captureCallSite = true;

		private Duration recoveryPeriod = Duration.ofSeconds(5);

		private Duration statementTimeout = Duration.ofSeconds(5);

		private String name = "reactivedata";

		private Builder() {
		}

		/**
		 * @param initialSize connections opened on warm-up, 0 or more
		 * @return this builder
		 */
		public Builder initialSize(int initialSize) {
			this.initialSize = notNegative(initialSize, "initialSize");
			return this;
		}

		/**
		 * @param maxSize the most connections open at once, 1 or more
		 * @return this builder
		 */
		public Builder maxSize(int maxSize) {
			if (maxSize < 1) {
				throw new IllegalArgumentException("maxSize must be at least 1, was " + maxSize);
			}
			this.maxSize = maxSize;
			return this;
		}

		/**
		 * @param minIdle the fewest idle connections kept, 0 or more
		 * @return this builder
		 */
		public Builder minIdle(int minIdle) {
			this.minIdle = notNegative(minIdle, "minIdle");
			return this;
		}

		/**
		 * @param maxIdleTime how long a connection may stay idle, positive
		 * @return this builder
		 */
		public Builder maxIdleTime(Duration maxIdleTime) {
			this.maxIdleTime = positive(maxIdleTime, "maxIdleTime");
			return this;
		}

		/**
		 * @param maxLifeTime how long a connection may live, positive
		 * @return this builder
		 */
		public Builder maxLifeTime(Duration maxLifeTime) {
			this.maxLifeTime = positive(maxLifeTime, "maxLifeTime");
			return this;
		}

		/**
		 * @param acquireTimeout how long an acquire may wait in all, positive
		 * @return this builder
		 */
		public Builder acquireTimeout(Duration acquireTimeout) {
			this.acquireTimeout = positive(acquireTimeout, "acquireTimeout");
			return this;
		}

		/**
		 * @param createTimeout how long opening a connection may take, positive
		 * @return this builder
		 */
		public Builder createTimeout(Duration createTimeout) {
			this.createTimeout = positive(createTimeout, "createTimeout");
			return this;
		}

		/**
		 * @param validationTimeout how long the validation query may take on a connection, positive
		 * @return this builder
		 */
		public Builder validationTimeout(Duration validationTimeout) {
			this.validationTimeout = positive(validationTimeout, "validationTimeout");
			return this;
		}

		/**
		 * @param validationQuery a query run on every acquire, or {@code null} for a local state check
		 * @return this builder
		 */
		public Builder validationQuery(@Nullable String validationQuery) {
			this.validationQuery = (validationQuery == null || validationQuery.isBlank()) ? null : validationQuery;
			return this;
		}

		/**
		 * @param acquireRetry retries of an acquire after a failed validation or create; at least {@code maxSize}
		 * @return this builder
		 */
		public Builder acquireRetry(int acquireRetry) {
			this.acquireRetry = notNegative(acquireRetry, "acquireRetry");
			return this;
		}

		/**
		 * @param backgroundEvictionInterval how often idle connections are checked, positive
		 * @return this builder
		 */
		public Builder backgroundEvictionInterval(Duration backgroundEvictionInterval) {
			this.backgroundEvictionInterval = positive(backgroundEvictionInterval, "backgroundEvictionInterval");
			return this;
		}

		/**
		 * @param leakThreshold how long a connection may be held before it is reported; zero turns reports off
		 * @return this builder
		 */
		public Builder leakThreshold(Duration leakThreshold) {
			Objects.requireNonNull(leakThreshold, "leakThreshold must not be null");
			if (leakThreshold.isNegative()) {
				throw new IllegalArgumentException("leakThreshold must not be negative, was " + leakThreshold);
			}
			this.leakThreshold = leakThreshold;
			return this;
		}

		/**
		 * @param statementTimeout how long a statement may wait for its first row or row count before it is
		 * cancelled and its connection discarded; zero turns the limit off
		 * @return this builder
		 */
		public Builder statementTimeout(Duration statementTimeout) {
			Objects.requireNonNull(statementTimeout, "statementTimeout must not be null");
			if (statementTimeout.isNegative()) {
				throw new IllegalArgumentException("statementTimeout must not be negative, was " + statementTimeout);
			}
			this.statementTimeout = statementTimeout;
			return this;
		}

		/**
		 * @param captureCallSite whether the acquiring call site is captured (a stack walk per acquire on a thread
		 * that may block; acquires on non-blocking threads never have their caller on the stack)
		 * @return this builder
		 */
		public Builder captureCallSite(boolean captureCallSite) {
			this.captureCallSite = captureCallSite;
			return this;
		}

		/**
		 * @param recoveryPeriod how long acquires must succeed before a degraded pool is UP again, positive
		 * @return this builder
		 */
		public Builder recoveryPeriod(Duration recoveryPeriod) {
			this.recoveryPeriod = positive(recoveryPeriod, "recoveryPeriod");
			return this;
		}

		/**
		 * @param name the pool's name
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = Objects.requireNonNull(name, "name must not be null");
			return this;
		}

		/**
		 * @return the options
		 * @throws IllegalArgumentException when {@code acquireRetry} is below {@code maxSize}, or the initial or
		 * minimum idle size exceeds {@code maxSize}
		 */
		public PoolOptions build() {
			if (this.acquireRetry != null && this.acquireRetry < this.maxSize) {
				throw new IllegalArgumentException("acquireRetry must be at least maxSize (" + this.maxSize
						+ ") so that a pool of dropped connections is cycled through in one acquire, was " + this.acquireRetry);
			}
			if (this.initialSize > this.maxSize || this.minIdle > this.maxSize) {
				throw new IllegalArgumentException("initialSize and minIdle must not exceed maxSize (" + this.maxSize + ")");
			}
			return new PoolOptions(this);
		}

		private static int notNegative(int value, String name) {
			if (value < 0) {
				throw new IllegalArgumentException(name + " must not be negative, was " + value);
			}
			return value;
		}

		private static Duration positive(Duration value, String name) {
			Objects.requireNonNull(value, name + " must not be null");
			if (value.isNegative() || value.isZero()) {
				throw new IllegalArgumentException(name + " must be positive, was " + value);
			}
			return value;
		}

	}

}
