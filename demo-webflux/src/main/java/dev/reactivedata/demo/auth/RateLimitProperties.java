package dev.reactivedata.demo.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-key rate limits ({@code demo.rate-limit.*}): a token bucket per API key, sized by the key's role, and one per
 * client address for requests without a valid key.
 *
 * @param enabled whether requests are limited and carry {@code RateLimit-*} headers
 * @param tenant the bucket of each tenant key
 * @param admin the bucket of each admin key
 * @param anonymous the bucket of each client address whose requests carry no valid key (always held in process)
 * @param localBuckets how many in-process buckets are kept at most; the least recently used go first
 * @param redis where the buckets of valid keys are held when several instances share the limit
 */
@ConfigurationProperties("demo.rate-limit")
record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue Limit tenant, @DefaultValue Limit admin,
		@DefaultValue Limit anonymous, @DefaultValue("100000") long localBuckets, @DefaultValue Redis redis) {

	RateLimitProperties {
		if (localBuckets < 1) {
			throw new IllegalArgumentException("demo.rate-limit.local-buckets must be at least 1");
		}
	}

	Limit limit(ApiClient.Role role) {
		return (role == ApiClient.Role.ADMIN) ? this.admin : this.tenant;
	}

	/**
	 * One token bucket: full at {@code capacity}, refilled greedily by {@code refillTokens} every
	 * {@code refillPeriod}; a request takes one token. The default allows bursts of 10,000 and 10,000 a second.
	 *
	 * @param capacity the burst a client may send at once
	 * @param refillTokens the tokens added every refill period
	 * @param refillPeriod the refill period
	 */
	record Limit(@DefaultValue("10000") long capacity, @DefaultValue("10000") long refillTokens,
			@DefaultValue("1s") Duration refillPeriod) {

		Limit {
			if (capacity < 1 || refillTokens < 1) {
				throw new IllegalArgumentException("demo.rate-limit capacity and refill-tokens must be at least 1");
			}
			if (refillPeriod.isNegative() || refillPeriod.isZero()) {
				throw new IllegalArgumentException("demo.rate-limit refill-period must be positive");
			}
		}

	}

	/**
	 * The Redis-held buckets (Bucket4j's Lettuce proxy manager on the cache's shared connection). When Redis does
	 * not answer within {@code timeout}, the request is limited by an in-process bucket instead: the limiter fails
	 * open to a local limit, never closed.
	 *
	 * @param enabled whether the buckets of valid keys live in Redis
	 * @param timeout how long a request waits for Redis before the local bucket decides
	 * @param keyPrefix the prefix of the bucket keys
	 */
	record Redis(@DefaultValue("false") boolean enabled, @DefaultValue("100ms") Duration timeout,
			@DefaultValue("rdl-demo:rate-limit:") String keyPrefix) {

	}

}
