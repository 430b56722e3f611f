package dev.reactivedata.cache.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.reactivedata.cache.redis.CacheClientOptions;
import org.jspecify.annotations.Nullable;

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

	private final Near near = new Near();

	/**
	 * Options of individual caches, by cache name (the name given to {@code ReactiveCaches#cache} or to
	 * {@code @Cacheable}); a cache without an entry uses the options above, and says so once in the log.
	 */
	private final Map<String, Cache> caches = new LinkedHashMap<>();

	public Map<String, Cache> getCaches() {
		return this.caches;
	}

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

	public Near getNear() {
		return this.near;
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
	 * Options of one cache; each unset option takes the module-wide value.
	 */
	public static class Cache {

		/**
		 * Time to live of this cache's values; a random jitter is added. Default: {@code reactivedata.cache.ttl}.
		 */
		private @Nullable Duration ttl;

		/**
		 * Time to live of this cache's "not found" answers. Default: {@code reactivedata.cache.negative-ttl}.
		 */
		private @Nullable Duration negativeTtl;

		/**
		 * Prefix of this cache's keys. Default: {@code reactivedata.cache.key-prefix}.
		 */
		private @Nullable String keyPrefix;

		private final CacheNear near = new CacheNear();

		public CacheNear getNear() {
			return this.near;
		}

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

		public @Nullable Duration getNegativeTtl() {
			return this.negativeTtl;
		}

		public void setNegativeTtl(@Nullable Duration negativeTtl) {
			this.negativeTtl = negativeTtl;
		}

		public @Nullable String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(@Nullable String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

	}

	/**
	 * The near cache of one cache; each unset option takes the value under {@code reactivedata.cache.near}.
	 */
	public static class CacheNear {

		/**
		 * Whether this cache keeps a near cache in process. Default: {@code reactivedata.cache.near.enabled}.
		 */
		private @Nullable Boolean enabled;

		/**
		 * Most entries this cache's near cache holds. Default: {@code reactivedata.cache.near.maximum-size}.
		 */
		private @Nullable Long maximumSize;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Long getMaximumSize() {
			return this.maximumSize;
		}

		public void setMaximumSize(@Nullable Long maximumSize) {
			this.maximumSize = maximumSize;
		}

	}

	/**
	 * The near cache: an in-process layer (Caffeine, bounded) in front of Redis, kept coherent by Redis
	 * client-side caching on a RESP3 connection of its own per cache (on a Redis Cluster, one per master, each
	 * tracking the keys of its slots). A read started after a write was acknowledged, in any process, never gets
	 * an older value from it: a hit waits for a {@code PING} (on a cluster, a {@code ROLE} that must still answer
	 * {@code master}) on the connection the entry came through, sent after the read started, which reads share.
	 * While a connection is down the near cache is empty and the keys it tracked are read from Redis. Hits hand
	 * every reader the same decoded instance: treat cached values as immutable.
	 */
	public static class Near {

		/**
		 * Whether every cache keeps a near cache in process (a cache can say otherwise under
		 * {@code reactivedata.cache.caches.<name>.near.enabled}).
		 */
		private boolean enabled;

		/**
		 * Most entries each cache's near cache holds; the least useful are evicted first.
		 */
		private long maximumSize = 10_000;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public long getMaximumSize() {
			return this.maximumSize;
		}

		public void setMaximumSize(long maximumSize) {
			this.maximumSize = maximumSize;
		}

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
