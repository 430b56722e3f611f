package dev.reactivedata.demo.auth;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.reactivedata.cache.redis.SharedRedisConnection;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Takes one token per request from the bucket of the caller's API key (or, without a valid key, of the client's
 * address). Buckets live in process, or with {@code demo.rate-limit.redis.enabled} in Redis so that instances
 * share them; when Redis fails or is slow, an in-process bucket decides (fail open to a local limit), with a
 * warning when that starts, a note when Redis answers again, and the {@value #FALLBACKS} counter.
 */
@Component
final class RateLimiter {

	static final String FALLBACKS = "demo.rate-limit.fallbacks";

	private static final Log logger = LogFactory.getLog(RateLimiter.class);

	private final RateLimitProperties properties;

	private final BucketConfiguration tenant;

	private final BucketConfiguration admin;

	private final BucketConfiguration anonymous;

	private final Cache<String, Bucket> local;

	private final @Nullable SharedRedisConnection redis;

	private final AtomicBoolean degraded = new AtomicBoolean();

	private final @Nullable Counter fallbacks;

	private volatile @Nullable RedisBuckets redisBuckets;

	RateLimiter(RateLimitProperties properties, ObjectProvider<SharedRedisConnection> redis,
			ObjectProvider<MeterRegistry> registry) {
		this.properties = properties;
		this.tenant = configuration(properties.tenant());
		this.admin = configuration(properties.admin());
		this.anonymous = configuration(properties.anonymous());
		// A bucket unused for a full refill would be full again: dropping it then loses nothing.
		this.local = Caffeine.newBuilder()
			.maximumSize(properties.localBuckets())
			.expireAfterAccess(longestRefill(properties))
			.build();
		this.redis = properties.redis().enabled() ? redis.getObject() : null;
		MeterRegistry meters = registry.getIfUnique();
		this.fallbacks = (meters != null) ? Counter.builder(FALLBACKS)
			.description("Requests limited by an in-process bucket because the Redis-held one did not answer")
			.register(meters) : null;
	}

	/** @return whether requests are limited at all */
	boolean enabled() {
		return this.properties.enabled();
	}

	/**
	 * Takes a token from an API key's bucket.
	 * @param client the authenticated caller
	 * @return the bucket's answer; never an error (Redis failures fall back to the local bucket)
	 */
	Mono<RateLimit> consume(ApiClient client) {
		RateLimitProperties.Limit limit = this.properties.limit(client.role());
		BucketConfiguration configuration = (client.role() == ApiClient.Role.ADMIN) ? this.admin : this.tenant;
		String key = client.role().name().toLowerCase(Locale.ROOT) + ":" + client.keyId();
		SharedRedisConnection connection = this.redis;
		if (connection == null) {
			return Mono.fromSupplier(() -> local(key, configuration, limit));
		}
		return Mono.defer(() -> remote(connection, key, configuration, limit))
			.timeout(this.properties.redis().timeout())
			.doOnNext(answer -> recovered())
			.onErrorResume(ex -> {
				fellBack(ex);
				return Mono.fromSupplier(() -> local(key, configuration, limit));
			});
	}

	/**
	 * Takes a token from the in-process bucket of a client address whose request carries no valid key; it never
	 * reaches Redis or the database.
	 * @param address the client's address
	 * @return the bucket's answer
	 */
	Mono<RateLimit> consumeAnonymous(String address) {
		return Mono.fromSupplier(() -> local("anonymous:" + address, this.anonymous, this.properties.anonymous()));
	}

	private RateLimit local(String key, BucketConfiguration configuration, RateLimitProperties.Limit limit) {
		Bucket bucket = this.local.get(key, ignored -> Bucket.builder().addLimit(configuration.getBandwidths()[0]).build());
		return RateLimit.of(bucket.tryConsumeAndReturnRemaining(1), limit.capacity());
	}

	private Mono<RateLimit> remote(SharedRedisConnection connection, String key, BucketConfiguration configuration,
			RateLimitProperties.Limit limit) {
		String redisKey = this.properties.redis().keyPrefix() + key;
		return connection.asyncKeyCommands()
			.map(this::proxyManager)
			.flatMap(manager -> Mono.fromFuture(() -> manager.builder().build(redisKey, configuration).tryConsumeAndReturnRemaining(1)))
			.map(probe -> RateLimit.of(probe, limit.capacity()));
	}

	@SuppressWarnings("unchecked")
	private AsyncProxyManager<String> proxyManager(RedisClusterAsyncCommands<String, byte[]> commands) {
		RedisBuckets current = this.redisBuckets;
		if (current != null && current.commands() == commands) {
			return current.manager();
		}
		Bucket4jLettuce.LettuceBasedProxyManagerBuilder<String> builder = (commands instanceof RedisAdvancedClusterAsyncCommands<?, ?> cluster)
				? Bucket4jLettuce.casBasedBuilder((RedisAdvancedClusterAsyncCommands<String, byte[]>) cluster)
				: Bucket4jLettuce.casBasedBuilder((RedisAsyncCommands<String, byte[]>) commands);
		AsyncProxyManager<String> manager = builder
			.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
			.build()
			.asAsync();
		this.redisBuckets = new RedisBuckets(commands, manager);
		return manager;
	}

	private void fellBack(Throwable ex) {
		if (this.fallbacks != null) {
			this.fallbacks.increment();
		}
		if (this.degraded.compareAndSet(false, true)) {
			logger.warn("Rate limits are held in process until Redis answers again: " + ex);
		}
	}

	private void recovered() {
		if (this.degraded.get() && this.degraded.compareAndSet(true, false)) {
			logger.info("Rate limits are held in Redis again");
		}
	}

	private static BucketConfiguration configuration(RateLimitProperties.Limit limit) {
		return BucketConfiguration.builder()
			.addLimit(Bandwidth.builder().capacity(limit.capacity()).refillGreedy(limit.refillTokens(), limit.refillPeriod()).build())
			.build();
	}

	private static Duration longestRefill(RateLimitProperties properties) {
		Duration longest = Duration.ofSeconds(1);
		for (RateLimitProperties.Limit limit : new RateLimitProperties.Limit[] { properties.tenant(), properties.admin(), properties.anonymous() }) {
			long periods = (limit.capacity() + limit.refillTokens() - 1) / limit.refillTokens();
			Duration refill = limit.refillPeriod().multipliedBy(periods);
			if (refill.compareTo(longest) > 0) {
				longest = refill;
			}
		}
		return longest;
	}

	private record RedisBuckets(RedisClusterAsyncCommands<String, byte[]> commands, AsyncProxyManager<String> manager) {
	}

}
