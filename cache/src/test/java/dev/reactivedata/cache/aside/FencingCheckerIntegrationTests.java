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

import dev.reactivedata.cache.aside.CacheTesting.Item;
import dev.reactivedata.cache.redis.SharedRedisConnection;
import dev.reactivedata.testing.DataLayerExtension;
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
 * one. Loads pause for a random moment between the database read and the store, so they race the writes.
 */
class FencingCheckerIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	private static final int KEYS = 4;

	private static final int OPERATIONS = Integer.getInteger("fencing.operations", 10_000);

	@Test
	void noReadStartedAfterAnAcknowledgementReturnsAnOlderVersion() {
		long seed = System.nanoTime();
		SplittableRandom seeds = new SplittableRandom(seed);
		Map<String, AtomicLong> committed = new ConcurrentHashMap<>();
		Map<String, AtomicLong> acknowledged = new ConcurrentHashMap<>();
		for (int k = 0; k < KEYS; k++) {
			committed.put("k" + k, new AtomicLong());
			acknowledged.put("k" + k, new AtomicLong());
		}
		Queue<String> violations = new ConcurrentLinkedQueue<>();
		AtomicLong reads = new AtomicLong();
		AtomicLong writes = new AtomicLong();
		try (SharedRedisConnection first = CacheTesting.connect(dataLayer.redis().uri());
				SharedRedisConnection second = CacheTesting.connect(dataLayer.redis().uri())) {
			CacheOptions options = CacheOptions.builder().keyPrefix(dataLayer.redis().keyPrefix()).name("checker").build();
			// Connected first: a connect that times out on a busy machine would open one cache's circuit, and a
			// partial outage (one process queues its invalidations while another still reads Redis) is not what
			// this checks.
			first.ping().then(second.ping()).as(StepVerifier::create).expectNext("PONG").expectComplete()
				.verify(Duration.ofSeconds(30));
			List<ReactiveCache> caches = List.of(ReactiveCache.create(first, options), ReactiveCache.create(second, options));
			Flux.range(0, OPERATIONS).map(i -> seeds.split()).flatMap(random -> {
				String key = "k" + random.nextInt(KEYS);
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
			CacheStatistics one = caches.get(0).statistics();
			CacheStatistics two = caches.get(1).statistics();
			System.out.printf("fencing checker seed=%d reads=%d writes=%d hits=%d misses=%d fenced=%d errors=%d%n", seed,
					reads.get(), writes.get(), one.hits() + two.hits(), one.misses() + two.misses(),
					one.rejectedPuts() + two.rejectedPuts(), one.errors() + two.errors());
			assertThat(violations).as("violations (seed %d)", seed).isEmpty();
			assertThat(reads.get() + writes.get()).isEqualTo(OPERATIONS);
			assertThat(one.rejectedPuts() + two.rejectedPuts()).as("the fence was exercised").isPositive();
			assertThat(one.errors() + two.errors()).as("Redis errors").isZero();
		}
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
