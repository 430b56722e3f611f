package dev.reactivedata.cache.autoconfigure;

import java.time.Duration;

import dev.reactivedata.cache.redis.CacheClientOptions;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the cache module. The Redis server itself comes from Spring Boot's Redis connection
 * details: a {@code DataRedisConnectionDetails} bean, else the standard {@code spring.data.redis.*} keys.
 */
@ConfigurationProperties("reactivedata.cache")
public class ReactiveDataCacheProperties {

	/**
	 * Prefix of every key the cache writes, so several applications can share one Redis.
	 */
	private String keyPrefix = "rdl:";

	/**
	 * Redis command timeout; a slower answer counts as a failure and the read goes to the database.
	 */
	private Duration commandTimeout = CacheClientOptions.DEFAULT_COMMAND_TIMEOUT;

	/**
	 * Time to live of cached values; a random jitter is added.
	 */
	private Duration ttl = Duration.ofMinutes(10);

	/**
	 * Jitter of the time to live, as a fraction of it, so entries loaded together do not expire together.
	 */
	private double ttlJitter = 0.1;

	/**
	 * Time to live of cached "not found" answers.
	 */
	private Duration negativeTtl = Duration.ofSeconds(30);

	/**
	 * Time to live of the tombstones written after a committed update or delete.
	 */
	private Duration tombstoneTtl = Duration.ofSeconds(10);

	/**
	 * Longest time from a load's start to its store; a slower load is returned but not cached. Must be shorter
	 * than the tombstone TTL.
	 */
	private Duration fenceWindow = Duration.ofSeconds(5);

	/**
	 * XFetch beta of probabilistic early refresh of hot keys; 0 turns it off.
	 */
	private double earlyRefreshBeta = 1.0;

	/**
	 * Invalidations queued while Redis is away; past that, the namespace generation is bumped on recovery.
	 */
	private int invalidationQueueCapacity = 10_000;

	private final Circuit circuit = new Circuit();

	public Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

	public double getTtlJitter() {
		return this.ttlJitter;
	}

	public void setTtlJitter(double ttlJitter) {
		this.ttlJitter = ttlJitter;
	}

	public Duration getNegativeTtl() {
		return this.negativeTtl;
	}

	public void setNegativeTtl(Duration negativeTtl) {
		this.negativeTtl = negativeTtl;
	}

	public Duration getTombstoneTtl() {
		return this.tombstoneTtl;
	}

	public void setTombstoneTtl(Duration tombstoneTtl) {
		this.tombstoneTtl = tombstoneTtl;
	}

	public Duration getFenceWindow() {
		return this.fenceWindow;
	}

	public void setFenceWindow(Duration fenceWindow) {
		this.fenceWindow = fenceWindow;
	}

	public double getEarlyRefreshBeta() {
		return this.earlyRefreshBeta;
	}

	public void setEarlyRefreshBeta(double earlyRefreshBeta) {
		this.earlyRefreshBeta = earlyRefreshBeta;
	}

	public int getInvalidationQueueCapacity() {
		return this.invalidationQueueCapacity;
	}

	public void setInvalidationQueueCapacity(int invalidationQueueCapacity) {
		this.invalidationQueueCapacity = invalidationQueueCapacity;
	}

	public Circuit getCircuit() {
		return this.circuit;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public Duration getCommandTimeout() {
		return this.commandTimeout;
	}

	public void setCommandTimeout(Duration commandTimeout) {
		this.commandTimeout = commandTimeout;
	}

	/**
	 * Circuit breaker settings.
	 */
	public static class Circuit {

		/**
		 * Consecutive failed Redis reads that open the circuit; a failed invalidation opens it at once.
		 */
		private int failureThreshold = 5;

		/**
		 * How long the circuit stays open before one request probes Redis.
		 */
		private Duration openDuration = Duration.ofSeconds(2);

		public int getFailureThreshold() {
			return this.failureThreshold;
		}

		public void setFailureThreshold(int failureThreshold) {
			this.failureThreshold = failureThreshold;
		}

		public Duration getOpenDuration() {
			return this.openDuration;
		}

		public void setOpenDuration(Duration openDuration) {
			this.openDuration = openDuration;
		}

	}

}
