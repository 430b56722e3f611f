package dev.reactivedata.cache.aside;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.reactivedata.cache.aside.CacheTesting.Item;
import dev.reactivedata.cache.redis.SharedRedisConnection;
import dev.reactivedata.testing.DataLayerExtension;
import dev.reactivedata.testing.PrivateRedisCluster;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A randomized checker of the fence: writers commit new versions of a few keys and record each version once
 * its invalidation is acknowledged; readers on two caches (two "processes" with their own connections and
 * single-flight maps) remember the newest acknowledged version when they start, and must never get an older
 * one. Loads pause for a random moment between the database read and the store, so they race the writes. It
 * runs on one Redis and on a three-master Redis Cluster of its own, with keys on every master, each without and
 * with a near cache in each of the two processes, so that their hits race the writes of both.
 */
class FencingCheckerIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	private static final int KEYS = 4;

	// On the cluster: enough keys that each of the three masters holds some, few enough that writes race reads.
	private static final int CLUSTER_KEYS = 6;

	private static final int OPERATIONS = Integer.getInteger("fencing.operations", 10_000);

	@Test
	void noReadStartedAfterAnAcknowledgementReturnsAnOlderVersion() {
		check(() -> CacheTesting.connect(dataLayer.redis().uri()), dataLayer.redis().keyPrefix() + "plain:", KEYS);
	}

	@Test
	void noReadStartedAfterAnAcknowledgementReturnsAnOlderVersionWithNearCaches() {
		long[] nearHits = new long[1];
		// A prefix of its own: the other test's entries, at versions this one's writes may never reach, would
		// answer every read and leave nothing to fence.
		check(() -> CacheTesting.connect(dataLayer.redis().uri()), dataLayer.redis().keyPrefix() + "near:", KEYS,
				builder -> builder.nearCacheSize(1_000), FencingCheckerIntegrationTests::awaitNearCachesOn,
				caches -> nearHits[0] = nearHits(caches));
		System.out.printf("fencing checker (near caches): %d reads answered by the near caches%n", nearHits[0]);
		assertThat(nearHits[0]).as("reads answered by the near caches").isPositive();
	}

	@Test
	void noReadStartedAfterAnAcknowledgementReturnsAnOlderVersionOnARedisCluster() {
		try (PrivateRedisCluster cluster = PrivateRedisCluster.start()) {
			List<RedisURI> seeds = cluster.uris().stream().map(RedisURI::create).toList();
			check(() -> SharedRedisConnection.cluster(SharedRedisConnection.clusterClient(seeds,
					CacheTesting.RELAXED_TIMEOUT)), "fencing:", CLUSTER_KEYS);
			assertThat(cluster.keysOn(0)).as("keys on master 0").isPositive();
			assertThat(cluster.keysOn(1)).as("keys on master 1").isPositive();
			assertThat(cluster.keysOn(2)).as("keys on master 2").isPositive();
		}
	}

	@Test
	void noReadStartedAfterAnAcknowledgementReturnsAnOlderVersionOnARedisClusterWithNearCaches() {
		long[] nearHits = new long[1];
		try (PrivateRedisCluster cluster = PrivateRedisCluster.start()) {
			List<RedisURI> seeds = cluster.uris().stream().map(RedisURI::create).toList();
			check(() -> SharedRedisConnection.cluster(SharedRedisConnection.clusterClient(seeds,
					CacheTesting.RELAXED_TIMEOUT)), "fencing:", CLUSTER_KEYS, builder -> builder.nearCacheSize(1_000),
					FencingCheckerIntegrationTests::awaitNearCachesOn, caches -> nearHits[0] = nearHits(caches));
			assertThat(cluster.keysOn(0)).as("keys on master 0").isPositive();
			assertThat(cluster.keysOn(1)).as("keys on master 1").isPositive();
			assertThat(cluster.keysOn(2)).as("keys on master 2").isPositive();
		}
		System.out.printf("fencing checker (cluster, near caches): %d reads answered by the near caches%n", nearHits[0]);
		assertThat(nearHits[0]).as("reads answered by the near caches").isPositive();
	}

	private static void awaitNearCachesOn(List<ReactiveCache> caches) {
		for (ReactiveCache cache : caches) {
			NearCache near = ((DefaultReactiveCache) cache).near();
			assertThat(near).isNotNull();
			NearCacheIntegrationTests.awaitOn(cache, near);
		}
	}

	private static long nearHits(List<ReactiveCache> caches) {
		return caches.stream().mapToLong(cache -> ((DefaultReactiveCache) cache).near().hits()).sum();
	}

	private static void check(Supplier<SharedRedisConnection> connections, String keyPrefix, int keys) {
		check(connections, keyPrefix, keys, UnaryOperator.identity(), caches -> {
		}, caches -> {
		});
	}

	private static void check(Supplier<SharedRedisConnection> connections, String keyPrefix, int keys,
			UnaryOperator<CacheOptions.Builder> customizer, Consumer<List<ReactiveCache>> before,
			Consumer<List<ReactiveCache>> after) {
		long seed = System.nanoTime();
		SplittableRandom seeds = new SplittableRandom(seed);
		Map<String, AtomicLong> committed = new ConcurrentHashMap<>();
		Map<String, AtomicLong> acknowledged = new ConcurrentHashMap<>();
		for (int k = 0; k < keys; k++) {
			committed.put("k" + k, new AtomicLong());
			acknowledged.put("k" + k, new AtomicLong());
		}
		Queue<String> violations = new ConcurrentLinkedQueue<>();
		AtomicLong reads = new AtomicLong();
		AtomicLong writes = new AtomicLong();
		try (SharedRedisConnection first = connections.get(); SharedRedisConnection second = connections.get()) {
			CacheOptions options = customizer.apply(CacheOptions.builder().keyPrefix(keyPrefix).name("checker")).build();
			// Connected first: a connect that times out on a busy machine would open one cache's circuit, and a
			// partial outage (one process queues its invalidations while another still reads Redis) is not what
			// this checks.
			first.ping().then(second.ping()).as(StepVerifier::create).expectNext("PONG").expectComplete()
				.verify(Duration.ofSeconds(30));
			everyNodeConnected(first).then(everyNodeConnected(second)).as(StepVerifier::create).expectComplete()
				.verify(Duration.ofMinutes(1));
			List<ReactiveCache> caches = List.of(ReactiveCache.create(first, options), ReactiveCache.create(second, options));
			before.accept(caches);
			Flux.range(0, OPERATIONS).map(i -> seeds.split()).flatMap(random -> {
				String key = "k" + random.nextInt(keys);
				ReactiveCache cache = caches.get(random.nextInt(caches.size()));
				if (random.nextInt(5) == 0) {
					return write(cache, key, committed, acknowledged, random).doOnSuccess(done -> writes.incrementAndGet());
				}
				long floor = acknowledged.get(key).get();
				return cache.getOrLoad(request(key, committed, random)).doOnNext(item -> {
					reads.incrementAndGet();
					if (item.version() < floor) {
						violations.add(key + ": read started after version " + floor + " was acknowledged but returned "
								+ item.version());
					}
				}).then();
			}, 16).then().as(StepVerifier::create).expectComplete().verify(Duration.ofMinutes(3));
			after.accept(caches);
			CacheStatistics one = caches.get(0).statistics();
			CacheStatistics two = caches.get(1).statistics();
			System.out.printf("fencing checker (%s) seed=%d reads=%d writes=%d hits=%d misses=%d fenced=%d errors=%d%n",
					(first.isCluster() ? "cluster" : "one Redis") + ((options.nearCacheSize() > 0) ? ", near caches" : ""), seed,
					reads.get(), writes.get(), one.hits() + two.hits(), one.misses() + two.misses(),
					one.rejectedPuts() + two.rejectedPuts(), one.errors() + two.errors());
			assertThat(violations).as("violations (seed %d)", seed).isEmpty();
			assertThat(reads.get() + writes.get()).isEqualTo(OPERATIONS);
			assertThat(one.rejectedPuts() + two.rejectedPuts()).as("the fence was exercised").isPositive();
			assertThat(one.errors() + two.errors()).as("Redis errors").isZero();
		}
	}

	/**
	 * Opens the connection's links to every node before the load. On a cluster they open lazily, at the first
	 * command for a slot of that master, many at once under the load; a handshake that then stalls (seen: Lettuce
	 * ignoring the reply on a connection it had abandoned, failing the node's commands after its 8 s connect
	 * timeout) is a partial outage, which is not what this checks. 64 keys reach every master of three.
	 */
	private static Mono<Void> everyNodeConnected(SharedRedisConnection connection) {
		return connection.keyCommands()
			.flatMapMany(commands -> Flux.range(0, 64).concatMap(i -> commands.exists("connect:" + i)))
			.then()
			.retry(2);
	}

	private static CacheRequest<Item> request(String key, Map<String, AtomicLong> committed, RandomGenerator random) {
		long pauseMicros = random.nextLong(3000);
		return CacheRequest.of(key, Item.class, () -> Mono.fromSupplier(() -> {
			long version = committed.get(key).get();
			return new Item(key, "v" + version, version);
		}).delayElement(Duration.ofNanos(pauseMicros * 1000))).withVersion(Item::version);
	}

	private static Mono<Void> write(ReactiveCache cache, String key, Map<String, AtomicLong> committed,
			Map<String, AtomicLong> acknowledged, RandomGenerator random) {
		long pauseMicros = random.nextLong(2000);
		return Mono.fromSupplier(() -> committed.get(key).incrementAndGet())
			.delayElement(Duration.ofNanos(pauseMicros * 1000))
			.flatMap(version -> cache.invalidate(key, version)
				.then(Mono.fromRunnable(() -> acknowledged.get(key).accumulateAndGet(version, Math::max))));
	}

}
