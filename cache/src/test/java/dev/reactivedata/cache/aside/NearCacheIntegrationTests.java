package dev.reactivedata.cache.aside;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.reactivedata.cache.aside.CacheTesting.Item;
import dev.reactivedata.cache.redis.SharedRedisConnection;
import dev.reactivedata.testing.DataLayerExtension;
import dev.reactivedata.testing.PrivateRedis;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The near cache against real Redis: hits served in process, the barrier that makes another process's
 * acknowledged write visible to the next read, fills racing writes, and the loss of the invalidation
 * connection (on a private redis-server).
 */
class NearCacheIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	private static final Duration WAIT = Duration.ofSeconds(30);

	/** Reads (which opens the tracking connection when it is down) until the near cache is on. */
	static void awaitOn(ReactiveCache cache, NearCache near) {
		Mono.defer(() -> cache.find("warm-up", Item.class).then(Mono.fromCallable(near::isOn)))
			.filter(on -> on)
			.repeatWhenEmpty(ticks -> ticks.delayElements(Duration.ofMillis(10)))
			.as(StepVerifier::create)
			.expectNext(true)
			.expectComplete()
			.verify(WAIT);
	}

	/**
	 * Waits until the near cache is off and emptied: a lost connection turns it off first and empties it right
	 * after, on the thread that saw the connection drop.
	 */
	static void awaitOff(NearCache near) {
		Mono.fromCallable(() -> !near.isOn() && near.size() == 0)
			.filter(offAndEmpty -> offAndEmpty)
			.repeatWhenEmpty(ticks -> ticks.delayElements(Duration.ofMillis(10)))
			.as(StepVerifier::create)
			.expectNext(true)
			.expectComplete()
			.verify(WAIT);
	}

	private static CacheOptions options(String keyPrefix) {
		return CacheOptions.builder().keyPrefix(keyPrefix).name("near").nearCacheSize(100).openDuration(Duration.ofMillis(50))
			.earlyRefreshBeta(0).build();
	}

	static CacheRequest<Item> request(String key, AtomicLong committed, AtomicInteger loads) {
		return CacheRequest.of(key, Item.class, () -> Mono.fromSupplier(() -> {
			loads.incrementAndGet();
			return new Item(key, "v" + committed.get(), committed.get());
		})).withVersion(Item::version);
	}

	/**
	 * Reads until a read is answered by the near cache (the first read stores the load, a later one keeps the
	 * entry, unless the invalidation of that store reached the tracking connection after the later read's GET
	 * was sent, then the one after), checking each read's version. Reads go to Redis until the tracking
	 * connection of the key's node is open, which on a cluster the first read of a key on that master starts:
	 * the reads are spaced out so that a slow connect on a busy machine is waited for, not raced.
	 */
	static void readUntilHit(ReactiveCache cache, NearCache near, CacheRequest<Item> request, long version) {
		long before = near.hits();
		Flux.range(0, 1_000)
			.concatMap(attempt -> cache.getOrLoad(request).delaySubscription(Duration.ofMillis((attempt < 5) ? 0 : 10)))
			.takeUntil(item -> near.hits() > before)
			.all(item -> item.version() == version)
			.as(StepVerifier::create)
			.expectNext(true)
			.expectComplete()
			.verify(WAIT);
		assertThat(near.hits()).as("reads answered by the near cache").isGreaterThan(before);
	}

	/**
	 * With the near cache off, another process writes version 2 of the request's key; the next read must return
	 * it, and not from the near cache. Commands retry while the lost connections reconnect.
	 */
	static void writeAndReadWhileOff(ReactiveCache reader, ReactiveCache writer, NearCache near,
			CacheRequest<Item> request, AtomicLong committed) {
		committed.set(2);
		writer.invalidate(request.key(), 2).retry(10).as(StepVerifier::create).expectComplete().verify(WAIT);
		long hitsWhileOff = near.hits();
		reader.getOrLoad(request)
			.retry(10)
			.as(StepVerifier::create)
			.expectNextMatches(item -> item.version() == 2)
			.expectComplete()
			.verify(WAIT);
		assertThat(near.hits()).as("no near hits while off").isEqualTo(hitsWhileOff);
	}

	static NearCache near(ReactiveCache cache) {
		NearCache near = ((DefaultReactiveCache) cache).near();
		assertThat(near).isNotNull();
		return near;
	}

	@Test
	void aReadOfAKeptEntryIsAnsweredInProcess() {
		try (SharedRedisConnection connection = CacheTesting.connect(dataLayer.redis().uri())) {
			ReactiveCache cache = ReactiveCache.create(connection, options(dataLayer.redis().keyPrefix()));
			NearCache near = near(cache);
			awaitOn(cache, near);
			AtomicLong committed = new AtomicLong(1);
			AtomicInteger loads = new AtomicInteger();
			readUntilHit(cache, near, request("a", committed, loads), 1);
			assertThat(loads).hasValue(1);
			assertThat(near.size()).isEqualTo(1);
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			new CacheMetrics(cache, Tags.empty()).bindTo(registry);
			assertThat(cache.statistics().nearHits()).isEqualTo(near.hits()).isPositive();
			assertThat(registry.get(CacheMetrics.Names.NEAR_HITS).tag("cache", "near").functionCounter().count())
				.isEqualTo(near.hits());
		}
	}

	@Test
	void aWriteAcknowledgedInAnotherProcessIsSeenByEveryLaterRead() {
		String prefix = dataLayer.redis().keyPrefix();
		try (SharedRedisConnection here = CacheTesting.connect(dataLayer.redis().uri());
				SharedRedisConnection there = CacheTesting.connect(dataLayer.redis().uri())) {
			ReactiveCache reader = ReactiveCache.create(here, options(prefix));
			ReactiveCache writer = ReactiveCache.create(there, options(prefix));
			NearCache near = near(reader);
			awaitOn(reader, near);
			AtomicLong committed = new AtomicLong(1);
			AtomicInteger loads = new AtomicInteger();
			// Each round: the entry is in the near cache (the third read hits it), another process commits
			// and acknowledges a new version, and the very next read must return it.
			Flux.range(2, 200)
				.concatMap(version -> reader.getOrLoad(request("b", committed, loads))
					.then(reader.getOrLoad(request("b", committed, loads)))
					.then(reader.getOrLoad(request("b", committed, loads)))
					.then(Mono.fromRunnable(() -> committed.set(version)))
					.then(writer.invalidate("b", version))
					.then(reader.getOrLoad(request("b", committed, loads)))
					.map(item -> item.version() == version))
				.all(fresh -> fresh)
				.as(StepVerifier::create)
				.expectNext(true)
				.expectComplete()
				.verify(WAIT);
			// A fill is dropped when the invalidation of the preceding store reaches the tracking connection after
			// the fill's GET was sent; most rounds still read the entry from the near cache before the write.
			System.out.printf("near cache barrier: %d near-cache hits in 200 rounds%n", near.hits());
			assertThat(near.hits()).as("reads answered by the near cache before a write").isPositive();
		}
	}

	@Test
	void aFillRacingAWriteNeverOutlivesItsAcknowledgement() {
		String prefix = dataLayer.redis().keyPrefix();
		try (SharedRedisConnection here = CacheTesting.connect(dataLayer.redis().uri());
				SharedRedisConnection there = CacheTesting.connect(dataLayer.redis().uri())) {
			ReactiveCache reader = ReactiveCache.create(here, options(prefix));
			ReactiveCache writer = ReactiveCache.create(there, options(prefix));
			NearCache near = near(reader);
			awaitOn(reader, near);
			AtomicLong committed = new AtomicLong(1);
			AtomicInteger loads = new AtomicInteger();
			// Each round: a read that misses the near cache (its GET and fill through the tracking connection)
			// runs at the same time as another process's write; once the write is acknowledged, reads must
			// return its version whichever of the two Redis executed first.
			Flux.range(2, 300)
				.concatMap(version -> Mono
					.when(reader.getOrLoad(request("c", committed, loads)),
							Mono.fromRunnable(() -> committed.set(version)).then(writer.invalidate("c", version)))
					.then(Mono.zip(reader.getOrLoad(request("c", committed, loads)),
							reader.getOrLoad(request("c", committed, loads))))
					.filter(items -> items.getT1().version() != version || items.getT2().version() != version)
					.map(items -> "acknowledged " + version + ", read " + items.getT1().version() + " and "
							+ items.getT2().version()))
				.collectList()
				.as(StepVerifier::create)
				.expectNext(List.of())
				.expectComplete()
				.verify(WAIT);
			assertThat(near.hits()).as("fills survived when no write followed them").isPositive();
		}
	}

	@Test
	void losingTheInvalidationConnectionEmptiesTheNearCacheUntilItIsBack() {
		try (PrivateRedis redis = PrivateRedis.start();
				SharedRedisConnection here = CacheTesting.connect(redis.uri());
				SharedRedisConnection there = CacheTesting.connect(redis.uri())) {
			ReactiveCache reader = ReactiveCache.create(here, options("near:"));
			ReactiveCache writer = ReactiveCache.create(there, options("near:"));
			NearCache near = near(reader);
			awaitOn(reader, near);
			AtomicLong committed = new AtomicLong(1);
			AtomicInteger loads = new AtomicInteger();
			readUntilHit(reader, near, request("d", committed, loads), 1);
			assertThat(near.size()).isEqualTo(1);

			redis.killClients();
			// Off and emptied when the connection was lost.
			awaitOff(near);
			writeAndReadWhileOff(reader, writer, near, request("d", committed, loads), committed);

			awaitOn(reader, near);
			readUntilHit(reader, near, request("d", committed, loads), 2);
		}
	}

	@Test
	void aStoppedRedisKeepsTheNearCacheOffUntilItIsBack() {
		try (PrivateRedis redis = PrivateRedis.start();
				SharedRedisConnection connection = CacheTesting.connect(redis.uri())) {
			ReactiveCache cache = ReactiveCache.create(connection, options("near:"));
			NearCache near = near(cache);
			awaitOn(cache, near);
			AtomicLong committed = new AtomicLong(1);
			AtomicInteger loads = new AtomicInteger();
			readUntilHit(cache, near, request("e", committed, loads), 1);

			redis.stop();
			awaitOff(near);
			committed.set(2);
			long hitsWhileDown = near.hits();
			// Reads while Redis is down go to the database (each also tries to reopen the tracking connection).
			Flux.range(0, 5)
				.concatMap(attempt -> cache.getOrLoad(request("e", committed, loads)))
				.all(item -> item.version() == 2)
				.as(StepVerifier::create)
				.expectNext(true)
				.expectComplete()
				.verify(WAIT);
			assertThat(near.isOn()).isFalse();
			assertThat(near.size()).isZero();
			assertThat(near.hits()).isEqualTo(hitsWhileDown);

			redis.restart();
			awaitOn(cache, near);
			readUntilHit(cache, near, request("e", committed, loads), 2);
		}
	}

}
