package dev.reactivedata.cache.aside;

import java.time.Duration;
import java.util.List;

import dev.reactivedata.cache.aside.CacheTesting.Item;
import dev.reactivedata.cache.redis.SharedRedisConnection;
import dev.reactivedata.testing.PrivateRedisCluster;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache on a local three-master Redis Cluster that the test kit starts: keys spread over every slot
 * range, fenced stores run their script on each key's master, and tag and pattern eviction reach every
 * master.
 */
class ReactiveCacheClusterIntegrationTests {

	private static final int KEYS = 300;

	private static PrivateRedisCluster cluster;

	private static SharedRedisConnection connection;

	@BeforeAll
	static void startCluster() {
		cluster = PrivateRedisCluster.start();
		List<RedisURI> seeds = cluster.uris().stream().map(RedisURI::create).toList();
		connection = SharedRedisConnection.cluster(SharedRedisConnection.clusterClient(seeds, Duration.ofSeconds(10)));
		connection.ping().as(StepVerifier::create).expectNext("PONG").expectComplete().verify(Duration.ofSeconds(30));
	}

	@AfterAll
	static void stopCluster() {
		if (connection != null) {
			connection.close();
		}
		if (cluster != null) {
			cluster.close();
		}
	}

	private static ReactiveCache cache(TestInfo test) {
		return ReactiveCache.create(connection,
				CacheOptions.builder().name(test.getTestMethod().orElseThrow().getName()).build());
	}

	private static Flux<CacheSource> readAll(ReactiveCache cache, String prefix, String... tags) {
		return Flux.range(0, KEYS).flatMap(i -> cache.lookup(CacheRequest
			.of(prefix + i, Item.class, () -> Mono.just(new Item(prefix + i, "x", 1)))
			.withVersion(Item::version)
			.withTags(tags)).map(CacheLookup::source), 32);
	}

	private static long keysOnCluster() {
		return cluster.keysOn(0) + cluster.keysOn(1) + cluster.keysOn(2);
	}

	@Test
	void valuesAreStoredAndFencedOnEveryMaster(TestInfo test) {
		ReactiveCache cache = cache(test);
		readAll(cache, "k").as(StepVerifier::create).expectNextCount(KEYS).expectComplete().verify(Duration.ofSeconds(30));
		assertThat(cluster.keysOn(0)).isPositive();
		assertThat(cluster.keysOn(1)).isPositive();
		assertThat(cluster.keysOn(2)).isPositive();
		readAll(cache, "k").as(StepVerifier::create)
			.thenConsumeWhile(source -> source == CacheSource.HIT)
			.expectComplete()
			.verify(Duration.ofSeconds(30));
		cache.invalidate("k1", 2)
			.then(cache.lookup(CacheRequest.of("k1", Item.class, () -> Mono.just(new Item("k1", "old", 1)))
				.withVersion(Item::version)))
			.map(CacheLookup::source)
			.as(StepVerifier::create)
			.expectNext(CacheSource.MISS)
			.verifyComplete();
		assertThat(cache.statistics().rejectedPuts()).isPositive();
		assertThat(cache.statistics().errors()).isZero();
		cache.evictPattern("*").as(StepVerifier::create).expectComplete().verify(Duration.ofSeconds(30));
	}

	@Test
	void tagEvictionRemovesKeysOnEveryMaster(TestInfo test) {
		ReactiveCache cache = cache(test);
		long before = keysOnCluster();
		readAll(cache, "tagged", "group").then(cache.evictTag("group"))
			.as(StepVerifier::create)
			.expectComplete()
			.verify(Duration.ofSeconds(30));
		assertThat(keysOnCluster()).isEqualTo(before);
		assertThat(cache.statistics().evictions()).isEqualTo(KEYS);
		readAll(cache, "tagged").as(StepVerifier::create)
			.thenConsumeWhile(source -> source == CacheSource.MISS)
			.expectComplete()
			.verify(Duration.ofSeconds(30));
		cache.evictPattern("*").as(StepVerifier::create).expectComplete().verify(Duration.ofSeconds(30));
	}

	@Test
	void patternEvictionScansEveryMaster(TestInfo test) {
		ReactiveCache cache = cache(test);
		long before = keysOnCluster();
		readAll(cache, "article:").thenMany(readAll(cache, "comment:")).then(cache.evictPattern("article:*"))
			.as(StepVerifier::create)
			.expectComplete()
			.verify(Duration.ofSeconds(30));
		assertThat(keysOnCluster()).isEqualTo(before + KEYS);
		assertThat(cache.statistics().evictions()).isEqualTo(KEYS);
		cache.evictPattern("comment:*").as(StepVerifier::create).expectComplete().verify(Duration.ofSeconds(30));
		assertThat(keysOnCluster()).isEqualTo(before);
	}

}
