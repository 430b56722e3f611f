package dev.reactivedata.cache.aside;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.reactivedata.cache.aside.CacheTesting.Item;
import dev.reactivedata.cache.redis.SharedRedisConnection;
import dev.reactivedata.core.tenant.TenantContext;
import dev.reactivedata.testing.DataLayerExtension;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class ReactiveCacheIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static SharedRedisConnection connection;

	@BeforeAll
	static void connect() {
		connection = CacheTesting.connect(dataLayer.redis().uri());
	}

	@AfterAll
	static void close() {
		connection.close();
	}

	private static ReactiveCache cache(TestInfo test) {
		return cache(test, builder -> builder);
	}

	private static ReactiveCache cache(TestInfo test, java.util.function.UnaryOperator<CacheOptions.Builder> custom) {
		return ReactiveCache.create(connection, custom.apply(CacheOptions.builder()
			.keyPrefix(dataLayer.redis().keyPrefix())
			.name(test.getTestMethod().orElseThrow().getName())).build());
	}

	private static Mono<Item> counted(AtomicInteger loads, Item item) {
		return Mono.fromSupplier(() -> {
			loads.incrementAndGet();
			return item;
		});
	}

	@Test
	void missLoadsAndStoresThenHits(TestInfo test) {
		ReactiveCache cache = cache(test);
		AtomicInteger loads = new AtomicInteger();
		CacheRequest<Item> request = CacheRequest.of("a", Item.class, () -> counted(loads, new Item("a", "A", 1)));
		cache.lookup(request).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(new Item("a", "A", 1), CacheSource.MISS))
			.verifyComplete();
		cache.lookup(request).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(new Item("a", "A", 1), CacheSource.HIT))
			.verifyComplete();
		assertThat(loads).hasValue(1);
		assertThat(cache.statistics().hits()).isEqualTo(1);
		assertThat(cache.statistics().misses()).isEqualTo(1);
		assertThat(cache.statistics().puts()).isEqualTo(1);
		assertThat(cache.statistics().hitRatio()).isEqualTo(0.5);
	}

	@Test
	void notFoundIsCachedForTheNegativeTtl(TestInfo test) {
		ReactiveCache cache = cache(test, builder -> builder.negativeTtl(Duration.ofSeconds(7)));
		AtomicInteger loads = new AtomicInteger();
		CacheRequest<Item> request = CacheRequest.of("absent", Item.class,
				() -> Mono.<Item>empty().doOnSubscribe(s -> loads.incrementAndGet()));
		cache.lookup(request).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(null, CacheSource.MISS))
			.verifyComplete();
		cache.lookup(request).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(null, CacheSource.HIT))
			.verifyComplete();
		cache.getOrLoad(request).as(StepVerifier::create).verifyComplete();
		assertThat(loads).hasValue(1);
		assertThat(ttls(cache, "*")).singleElement().satisfies(ttl -> assertThat(ttl).isBetween(1L, 7000L));
	}

	@Test
	void ttlCarriesJitter(TestInfo test) {
		ReactiveCache cache = cache(test, builder -> builder.ttl(Duration.ofSeconds(100)).ttlJitter(0.2));
		Flux.range(0, 20)
			.concatMap(i -> cache.getOrLoad("k" + i, Item.class, () -> Mono.just(new Item("k" + i, "x", 0))))
			.then()
			.as(StepVerifier::create)
			.verifyComplete();
		List<Long> ttls = ttls(cache, "k*");
		assertThat(ttls).hasSize(20).allSatisfy(ttl -> assertThat(ttl).isBetween(79_000L, 120_000L));
		assertThat(ttls.stream().distinct().count()).isGreaterThan(1);
	}

	@Test
	void thousandConcurrentMissesOnOneKeyLoadOnce(TestInfo test) {
		ReactiveCache cache = cache(test);
		AtomicInteger loads = new AtomicInteger();
		Mono<Item> slowLoad = Mono.delay(Duration.ofMillis(200)).then(counted(loads, new Item("hot", "H", 3)));
		Flux.range(0, 1000)
			.flatMap(i -> cache.getOrLoad("hot", Item.class, () -> slowLoad), 1000)
			.as(StepVerifier::create)
			.expectNextCount(1000)
			.verifyComplete();
		assertThat(loads).hasValue(1);
		assertThat(cache.statistics().loads()).isEqualTo(1);
	}

	@Test
	void hotKeyIsRefreshedEarlyWhenItsExpiryIsClose(TestInfo test) {
		// XFetch refreshes when loadTime * beta * -ln(random) reaches the time left; with the largest beta it
		// always does (random < 1), whatever the TTL.
		ReactiveCache eager = cache(test, builder -> builder.earlyRefreshBeta(Double.MAX_VALUE));
		AtomicInteger loads = new AtomicInteger();
		CacheRequest<Item> request = CacheRequest.of("hot", Item.class,
				() -> Mono.delay(Duration.ofMillis(5)).then(counted(loads, new Item("hot", "H", 1))));
		eager.lookup(request).map(CacheLookup::source).as(StepVerifier::create).expectNext(CacheSource.MISS).verifyComplete();
		eager.lookup(request).map(CacheLookup::source).as(StepVerifier::create).expectNext(CacheSource.MISS).verifyComplete();
		assertThat(loads).hasValue(2);
		assertThat(eager.statistics().earlyRefreshes()).isEqualTo(1);

		ReactiveCache off = cache(test, builder -> builder.name("refreshOff").earlyRefreshBeta(0));
		off.lookup(request).then(off.lookup(request)).map(CacheLookup::source).as(StepVerifier::create)
			.expectNext(CacheSource.HIT)
			.verifyComplete();
	}

	@Test
	void evictRemovesOneKey(TestInfo test) {
		ReactiveCache cache = cache(test);
		AtomicInteger loads = new AtomicInteger();
		CacheRequest<Item> a = CacheRequest.of("a", Item.class, () -> counted(loads, new Item("a", "A", 0)));
		CacheRequest<Item> b = CacheRequest.of("b", Item.class, () -> counted(loads, new Item("b", "B", 0)));
		cache.getOrLoad(a).then(cache.getOrLoad(b)).then(cache.evict("a")).as(StepVerifier::create).verifyComplete();
		cache.lookup(a).map(CacheLookup::source).as(StepVerifier::create).expectNext(CacheSource.MISS).verifyComplete();
		cache.lookup(b).map(CacheLookup::source).as(StepVerifier::create).expectNext(CacheSource.HIT).verifyComplete();
	}

	@Test
	void evictTagRemovesEveryTaggedKey(TestInfo test) {
		ReactiveCache cache = cache(test);
		Flux.range(0, 30)
			.concatMap(i -> cache.getOrLoad(CacheRequest.of("item" + i, Item.class, () -> Mono.just(new Item("" + i, "x", 0)))
				.withTags((i % 2 == 0) ? "even" : "odd")))
			.then(cache.evictTag("even"))
			.as(StepVerifier::create)
			.verifyComplete();
		assertThat(ttls(cache, "item*")).hasSize(15);
		assertThat(cache.statistics().evictions()).isEqualTo(15);
	}

	@Test
	void evictPatternScansAndRemovesMatchesOnly(TestInfo test) {
		ReactiveCache cache = cache(test);
		Flux.range(0, 1200)
			.flatMap(i -> cache.getOrLoad(((i < 1000) ? "article:" : "comment:") + i, Item.class,
					() -> Mono.just(new Item("" + i, "x", 0))), 64)
			.then(cache.evictPattern("article:*"))
			.as(StepVerifier::create)
			.verifyComplete();
		assertThat(ttls(cache, "article:*")).isEmpty();
		assertThat(ttls(cache, "comment:*")).hasSize(200);
	}

	@Test
	void tenantsNeverSeeEachOthersEntries(TestInfo test) {
		ReactiveCache cache = cache(test);
		UUID acme = UUID.randomUUID();
		UUID globex = UUID.randomUUID();
		cache.getOrLoad("1", Item.class, () -> Mono.just(new Item("1", "acme's", 0)))
			.contextWrite(TenantContext.withTenant(acme))
			.as(StepVerifier::create)
			.expectNext(new Item("1", "acme's", 0))
			.verifyComplete();
		cache.lookup(CacheRequest.of("1", Item.class, () -> Mono.just(new Item("1", "globex's", 0))))
			.contextWrite(TenantContext.withTenant(globex))
			.as(StepVerifier::create)
			.expectNext(new CacheLookup<>(new Item("1", "globex's", 0), CacheSource.MISS))
			.verifyComplete();
		cache.lookup(CacheRequest.of("1", Item.class, Mono::<Item>empty))
			.as(StepVerifier::create)
			.expectNext(new CacheLookup<>(null, CacheSource.MISS))
			.verifyComplete();
	}

	@Test
	void clearMakesEveryEntryUnreachable(TestInfo test) {
		ReactiveCache cache = cache(test);
		CacheRequest<Item> request = CacheRequest.of("a", Item.class, () -> Mono.just(new Item("a", "A", 0)));
		cache.getOrLoad(request).then(cache.clear()).then(cache.lookup(request)).map(CacheLookup::source)
			.as(StepVerifier::create)
			.expectNext(CacheSource.MISS)
			.verifyComplete();
	}

	@Test
	void olderVersionNeverReplacesANewerCachedOneOrATombstone(TestInfo test) {
		ReactiveCache cache = cache(test);
		CacheRequest<Item> v2 = CacheRequest.of("a", Item.class, () -> Mono.just(new Item("a", "two", 2)))
			.withVersion(Item::version);
		CacheRequest<Item> v1 = CacheRequest.of("a", Item.class, () -> Mono.just(new Item("a", "one", 1)))
			.withVersion(Item::version);
		cache.getOrLoad(v2).then(cache.lookup(v1))
			.as(StepVerifier::create)
			.expectNext(new CacheLookup<>(new Item("a", "two", 2), CacheSource.HIT))
			.verifyComplete();
		cache.invalidate("a", 3).then(cache.lookup(v2))
			.as(StepVerifier::create)
			.expectNext(new CacheLookup<>(new Item("a", "two", 2), CacheSource.MISS))
			.verifyComplete();
		cache.lookup(v2).map(CacheLookup::source)
			.as(StepVerifier::create)
			.expectNext(CacheSource.MISS)
			.verifyComplete();
		assertThat(cache.statistics().rejectedPuts()).isGreaterThanOrEqualTo(2);
	}

	/**
	 * A reader loads version 1, then pauses between its database read and its SET; meanwhile a writer
	 * commits version 2 and its invalidation is acknowledged. The paused reader's SET must be refused and
	 * every read that starts after the acknowledgement must see version 2.
	 */
	@Test
	void pausedLoaderCannotStoreOverACommittedWrite(TestInfo test) {
		ReactiveCache cache = cache(test);
		AtomicLong committed = new AtomicLong(1);
		Sinks.Empty<Void> databaseRead = Sinks.empty();
		Sinks.Empty<Void> resume = Sinks.empty();
		CacheRequest<Item> paused = CacheRequest.of("row", Item.class, () -> Mono
			.fromSupplier(() -> new Item("row", "v" + committed.get(), committed.get()))
			.doOnNext(item -> databaseRead.tryEmitEmpty())
			.delayUntil(item -> resume.asMono()))
			.withVersion(Item::version);
		CacheRequest<Item> fresh = CacheRequest.of("row", Item.class,
				() -> Mono.fromSupplier(() -> new Item("row", "v" + committed.get(), committed.get())))
			.withVersion(Item::version);

		StepVerifier.Step<Item> reader = StepVerifier.create(cache.getOrLoad(paused))
			.then(() -> databaseRead.asMono().block(TIMEOUT))
			.then(() -> {
				committed.set(2);
				cache.invalidate("row", 2).block(TIMEOUT);
			})
			.then(() -> {
				Item afterAck = cache.getOrLoad(fresh).block(TIMEOUT);
				assertThat(afterAck.version()).isEqualTo(2);
				resume.tryEmitEmpty();
			});
		// The paused reader started before the acknowledgement: its own answer may be version 1, or version 2
		// when the fence sent it back for a second look.
		reader.assertNext(item -> assertThat(item.version()).isIn(1L, 2L)).expectComplete().verify(TIMEOUT);

		cache.lookup(fresh).as(StepVerifier::create)
			.assertNext(lookup -> {
				assertThat(lookup.source()).isEqualTo(CacheSource.HIT);
				assertThat(lookup.value().version()).isEqualTo(2);
			})
			.verifyComplete();
	}

	/**
	 * An entry written by another version of the value class (here: a payload the codec cannot read) is a miss,
	 * counted, and overwritten by the load; the caller never sees an error.
	 */
	@Test
	void undecodableValueIsAMissThatIsCountedAndOverwritten(TestInfo test) {
		undecodableEntryIsReplaced(test, CacheEntry.encode(CacheEntry.VALUE, 1, System.currentTimeMillis() + 60_000, 1,
				"{\"renamed\":".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
	}

	@Test
	void entryWithoutAReadableHeaderIsAMissThatIsCountedAndOverwritten(TestInfo test) {
		undecodableEntryIsReplaced(test, "not an entry".getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	private static void undecodableEntryIsReplaced(TestInfo test, byte[] stored) {
		ReactiveCache cache = cache(test);
		String key = dataLayer.redis().keyPrefix() + cache.name() + ":g0:-:v:a";
		connection.keyCommands().flatMap(commands -> commands.set(key, stored)).as(StepVerifier::create)
			.expectNext("OK")
			.verifyComplete();
		CacheRequest<Item> request = CacheRequest.of("a", Item.class, () -> Mono.just(new Item("a", "A", 1)))
			.withVersion(Item::version);
		cache.lookup(request).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(new Item("a", "A", 1), CacheSource.MISS))
			.verifyComplete();
		assertThat(cache.statistics().decodeFailures()).isEqualTo(1);
		assertThat(cache.statistics().errors()).isZero();
		cache.lookup(request).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(new Item("a", "A", 1), CacheSource.HIT))
			.verifyComplete();
		assertThat(cache.statistics().decodeFailures()).isEqualTo(1);
	}

	private static List<Long> ttls(ReactiveCache cache, String pattern) {
		String match = dataLayer.redis().keyPrefix() + cache.name() + ":g*:*:v:" + pattern;
		List<Long> ttls = new ArrayList<>();
		connection.keyCommands()
			.flatMapMany(commands -> ScanStream.scan(commands, ScanArgs.Builder.matches(match).limit(500))
				.concatMap(commands::pttl))
			.doOnNext(ttls::add)
			.then()
			.as(StepVerifier::create)
			.verifyComplete();
		return ttls;
	}

}
