package dev.reactivedata.cache.aside;

import java.time.Duration;
import java.util.Objects;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Immutable options of one {@link ReactiveCache}. Start from {@link #builder()}; {@link #mutate()} copies.
 */
public final class CacheOptions {

	private final String name;

	private final String keyPrefix;

	private final Duration ttl;

	private final double ttlJitter;

	private final Duration negativeTtl;

	private final Duration tombstoneTtl;

	private final Duration fenceWindow;

	private final double earlyRefreshBeta;

	private final int failureThreshold;

	private final Duration openDuration;

	private final int invalidationQueueCapacity;

	private final Duration generationRefresh;

	private final long nearCacheSize;

	private final CacheCodec codec;

	private final Scheduler clock;

	private CacheOptions(Builder builder) {
		this.name = builder.name;
		this.keyPrefix = builder.keyPrefix;
		this.ttl = builder.ttl;
		this.ttlJitter = builder.ttlJitter;
		this.negativeTtl = builder.negativeTtl;
		this.tombstoneTtl = builder.tombstoneTtl;
		this.fenceWindow = builder.fenceWindow;
		this.earlyRefreshBeta = builder.earlyRefreshBeta;
		this.failureThreshold = builder.failureThreshold;
		this.openDuration = builder.openDuration;
		this.invalidationQueueCapacity = builder.invalidationQueueCapacity;
		this.generationRefresh = builder.generationRefresh;
		this.nearCacheSize = builder.nearCacheSize;
		this.codec = builder.codec;
		this.clock = builder.clock;
	}

	/**
	 * Starts a builder with the defaults.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Starts a builder with these options' values.
	 * @return a builder
	 */
	public Builder mutate() {
		return new Builder(this);
	}

	/** @return the cache name, part of every key and the {@code cache} tag of its meters */
	public String name() {
		return this.name;
	}

	/** @return the prefix of every key */
	public String keyPrefix() {
		return this.keyPrefix;
	}

	/** @return the TTL of values */
	public Duration ttl() {
		return this.ttl;
	}

	/** @return the TTL jitter as a fraction of the TTL */
	public double ttlJitter() {
		return this.ttlJitter;
	}

	/** @return the TTL of cached "not found" answers */
	public Duration negativeTtl() {
		return this.negativeTtl;
	}

	/** @return the TTL of tombstones */
	public Duration tombstoneTtl() {
		return this.tombstoneTtl;
	}

	/** @return the longest time from a load's start to its store; a slower load is returned but not stored */
	public Duration fenceWindow() {
		return this.fenceWindow;
	}

	/** @return the XFetch beta of probabilistic early refresh; {@code 0} turns it off */
	public double earlyRefreshBeta() {
		return this.earlyRefreshBeta;
	}

	/** @return the consecutive failed reads that open the circuit (a failed invalidation opens it at once) */
	public int failureThreshold() {
		return this.failureThreshold;
	}

	/** @return how long the circuit stays open before a probe */
	public Duration openDuration() {
		return this.openDuration;
	}

	/** @return the invalidations kept while the circuit is open before the namespace is bumped instead */
	public int invalidationQueueCapacity() {
		return this.invalidationQueueCapacity;
	}

	/** @return how long the namespace generation read from Redis is reused */
	public Duration generationRefresh() {
		return this.generationRefresh;
	}

	/** @return the most entries the in-process near cache holds; {@code 0} when it is off */
	public long nearCacheSize() {
		return this.nearCacheSize;
	}

	/** @return the codec of values */
	public CacheCodec codec() {
		return this.codec;
	}

	/** @return the scheduler whose clock times the circuit breaker */
	public Scheduler clock() {
		return this.clock;
	}

	/**
	 * Builds {@link CacheOptions}; every setter validates eagerly.
	 */
	public static final class Builder {

		private String name = "default";

		private String keyPrefix = "rdl:";

		private Duration ttl = Duration.ofMinutes(10);

		private double ttlJitter = 0.1;

		private Duration negativeTtl = Duration.ofSeconds(30);

		private Duration tombstoneTtl = Duration.ofSeconds(10);

		private Duration fenceWindow = Duration.ofSeconds(5);

		private double earlyRefreshBeta = 1.0;

		private int failureThreshold = 5;

		private Duration openDuration = Duration.ofSeconds(2);

		private int invalidationQueueCapacity = 10_000;

		private Duration generationRefresh = Duration.ofSeconds(1);

		private long nearCacheSize;

		private CacheCodec codec = new JacksonCacheCodec();

		private Scheduler clock = Schedulers.parallel();

		private Builder() {
		}

		private Builder(CacheOptions options) {
			this.name = options.name;
			this.keyPrefix = options.keyPrefix;
			this.ttl = options.ttl;
			this.ttlJitter = options.ttlJitter;
			this.negativeTtl = options.negativeTtl;
			this.tombstoneTtl = options.tombstoneTtl;
			this.fenceWindow = options.fenceWindow;
			this.earlyRefreshBeta = options.earlyRefreshBeta;
			this.failureThreshold = options.failureThreshold;
			this.openDuration = options.openDuration;
			this.invalidationQueueCapacity = options.invalidationQueueCapacity;
			this.generationRefresh = options.generationRefresh;
			this.nearCacheSize = options.nearCacheSize;
			this.codec = options.codec;
			this.clock = options.clock;
		}

		/**
		 * Sets the cache name; default {@code default}.
		 * @param name letters, digits, {@code -}, {@code _} or {@code .}
		 * @return this builder
		 */
		public Builder name(String name) {
			Objects.requireNonNull(name, "name must not be null");
			if (!name.matches("[A-Za-z0-9._-]+")) {
				throw new IllegalArgumentException("name must be letters, digits, '-', '_' or '.', was '" + name + "'");
			}
			this.name = name;
			return this;
		}

		/**
		 * Sets the key prefix; default {@code rdl:}.
		 * @param keyPrefix the prefix, without glob characters
		 * @return this builder
		 */
		public Builder keyPrefix(String keyPrefix) {
			Objects.requireNonNull(keyPrefix, "keyPrefix must not be null");
			this.keyPrefix = keyPrefix;
			return this;
		}

		/**
		 * Sets the TTL of values; default 10 minutes.
		 * @param ttl positive
		 * @return this builder
		 */
		public Builder ttl(Duration ttl) {
			this.ttl = positive(ttl, "ttl");
			return this;
		}

		/**
		 * Sets the TTL jitter, a fraction of the TTL added or removed at random so keys loaded together do not
		 * expire together; default {@code 0.1}.
		 * @param ttlJitter in {@code [0, 1)}
		 * @return this builder
		 */
		public Builder ttlJitter(double ttlJitter) {
			if (!(ttlJitter >= 0 && ttlJitter < 1)) {
				throw new IllegalArgumentException("ttlJitter must be in [0, 1), was " + ttlJitter);
			}
			this.ttlJitter = ttlJitter;
			return this;
		}

		/**
		 * Sets the TTL of cached "not found" answers; default 30 seconds.
		 * @param negativeTtl positive
		 * @return this builder
		 */
		public Builder negativeTtl(Duration negativeTtl) {
			this.negativeTtl = positive(negativeTtl, "negativeTtl");
			return this;
		}

		/**
		 * Sets the TTL of tombstones; default 10 seconds. Must exceed the fence window.
		 * @param tombstoneTtl positive
		 * @return this builder
		 */
		public Builder tombstoneTtl(Duration tombstoneTtl) {
			this.tombstoneTtl = positive(tombstoneTtl, "tombstoneTtl");
			return this;
		}

		/**
		 * Sets the fence window: a load whose store would reach Redis later than this after the load started
		 * is not stored (checked against Redis's clock), so an expired tombstone can never let a stale value
		 * in; default 5 seconds. Must be shorter than the tombstone TTL.
		 * @param fenceWindow positive
		 * @return this builder
		 */
		public Builder fenceWindow(Duration fenceWindow) {
			this.fenceWindow = positive(fenceWindow, "fenceWindow");
			return this;
		}

		/**
		 * Sets the XFetch beta: a hit is refreshed early with probability rising as expiry nears, scaled by
		 * the last load time; {@code 1} is the paper's default, above favours earlier refresh, {@code 0} turns
		 * it off; default {@code 1}.
		 * @param earlyRefreshBeta zero or positive
		 * @return this builder
		 */
		public Builder earlyRefreshBeta(double earlyRefreshBeta) {
			if (!(earlyRefreshBeta >= 0)) {
				throw new IllegalArgumentException("earlyRefreshBeta must not be negative, was " + earlyRefreshBeta);
			}
			this.earlyRefreshBeta = earlyRefreshBeta;
			return this;
		}

		/**
		 * Sets how many consecutive failed reads open the circuit; default 5. A failed invalidation opens it at
		 * once, so that a write waits for one command timeout at most.
		 * @param failureThreshold at least 1
		 * @return this builder
		 */
		public Builder failureThreshold(int failureThreshold) {
			if (failureThreshold < 1) {
				throw new IllegalArgumentException("failureThreshold must be at least 1, was " + failureThreshold);
			}
			this.failureThreshold = failureThreshold;
			return this;
		}

		/**
		 * Sets how long the circuit stays open before one caller probes Redis; default 2 seconds.
		 * @param openDuration positive
		 * @return this builder
		 */
		public Builder openDuration(Duration openDuration) {
			this.openDuration = positive(openDuration, "openDuration");
			return this;
		}

		/**
		 * Sets how many invalidations are queued while the circuit is open; past that the queue is dropped and
		 * the namespace generation is bumped on recovery instead; default 10,000.
		 * @param invalidationQueueCapacity at least 0
		 * @return this builder
		 */
		public Builder invalidationQueueCapacity(int invalidationQueueCapacity) {
			if (invalidationQueueCapacity < 0) {
				throw new IllegalArgumentException(
						"invalidationQueueCapacity must not be negative, was " + invalidationQueueCapacity);
			}
			this.invalidationQueueCapacity = invalidationQueueCapacity;
			return this;
		}

		/**
		 * Sets how long the namespace generation read from Redis is reused before it is read again, which
		 * bounds how late this process sees another process's {@link ReactiveCache#clear()}; default 1 second.
		 * @param generationRefresh positive
		 * @return this builder
		 */
		public Builder generationRefresh(Duration generationRefresh) {
			this.generationRefresh = positive(generationRefresh, "generationRefresh");
			return this;
		}

		/**
		 * Turns the near cache on with room for this many entries, or off with {@code 0}; default off. The near
		 * cache keeps entries read from Redis in process (Caffeine, bounded) and is kept coherent by Redis
		 * client-side caching on a RESP3 connection of its own: a hit is served only after a {@code PING} sent on
		 * that connection after the read started has been answered, so every invalidation of a write
		 * acknowledged before the read has been applied first; reads share that {@code PING}. While the
		 * connection is down the near cache is empty and reads go to Redis. A hit hands out the value decoded
		 * from that entry before, the same instance to every reader, as in-process caches do: treat cached values
		 * as immutable. On a Redis Cluster there is one such connection per master, each tracking the keys of
		 * its slots, and the barrier is a {@code ROLE} that must still answer {@code master}.
		 * @param nearCacheSize at least 0
		 * @return this builder
		 */
		public Builder nearCacheSize(long nearCacheSize) {
			if (nearCacheSize < 0) {
				throw new IllegalArgumentException("nearCacheSize must not be negative, was " + nearCacheSize);
			}
			this.nearCacheSize = nearCacheSize;
			return this;
		}

		/**
		 * Sets the codec; default {@link JacksonCacheCodec}.
		 * @param codec the codec
		 * @return this builder
		 */
		public Builder codec(CacheCodec codec) {
			this.codec = Objects.requireNonNull(codec, "codec must not be null");
			return this;
		}

		/**
		 * Sets the scheduler whose clock times the circuit breaker (tests pass a virtual-time scheduler);
		 * default {@link Schedulers#parallel()}.
		 * @param clock the scheduler
		 * @return this builder
		 */
		public Builder clock(Scheduler clock) {
			this.clock = Objects.requireNonNull(clock, "clock must not be null");
			return this;
		}

		/**
		 * Builds the options.
		 * @return the options
		 * @throws IllegalArgumentException when the fence window is not shorter than the tombstone TTL
		 */
		public CacheOptions build() {
			if (this.fenceWindow.compareTo(this.tombstoneTtl) >= 0) {
				throw new IllegalArgumentException("fenceWindow (" + this.fenceWindow
						+ ") must be shorter than tombstoneTtl (" + this.tombstoneTtl + ")");
			}
			return new CacheOptions(this);
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
