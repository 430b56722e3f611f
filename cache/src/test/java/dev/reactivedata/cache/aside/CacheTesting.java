package dev.reactivedata.cache.aside;

import java.time.Duration;

import dev.reactivedata.cache.redis.CacheClientOptions;
import dev.reactivedata.cache.redis.SharedRedisConnection;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;

/**
 * Connections and values shared by the cache tests.
 */
final class CacheTesting {

	private CacheTesting() {
	}

	/** Command timeout of tests that do not test timeouts: the shared test machine is often very busy. */
	static final Duration RELAXED_TIMEOUT = Duration.ofSeconds(2);

	static SharedRedisConnection connect(String uri) {
		return connect(uri, RELAXED_TIMEOUT);
	}

	static SharedRedisConnection connect(String uri, Duration commandTimeout) {
		RedisURI redisUri = RedisURI.create(uri);
		redisUri.setTimeout(commandTimeout);
		RedisClient client = RedisClient.create();
		client.setOptions(CacheClientOptions.create(commandTimeout));
		return new SharedRedisConnection(client, redisUri);
	}

	/**
	 * A versioned value, as a row with {@code @Version} would be.
	 */
	record Item(String id, String name, long version) {
	}

}
