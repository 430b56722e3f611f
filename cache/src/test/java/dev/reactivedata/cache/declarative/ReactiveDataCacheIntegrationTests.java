package dev.reactivedata.cache.declarative;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reactivedata.cache.aside.CacheOptions;
import dev.reactivedata.cache.aside.ReactiveCaches;
import dev.reactivedata.cache.redis.CacheClientOptions;
import dev.reactivedata.cache.redis.SharedRedisConnection;
import dev.reactivedata.testing.DataLayerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.cache.Cache;
import org.springframework.cache.interceptor.SimpleKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The contract Spring's cache implementations keep, for the asynchronous retrieval a reactive cache offers, on
 * real Redis.
 */
class ReactiveDataCacheIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.builder().build();

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static SharedRedisConnection connection;

	private static ReactiveDataCacheManager manager;

	@BeforeAll
	static void connect() {
		RedisURI uri = RedisURI.create(dataLayer.redis().uri());
		uri.setTimeout(Duration.ofSeconds(2));
		RedisClient client = RedisClient.create();
		client.setOptions(CacheClientOptions.create(Duration.ofSeconds(2)));
		connection = new SharedRedisConnection(client, uri);
		manager = new ReactiveDataCacheManager(new ReactiveCaches(connection,
				CacheOptions.builder().keyPrefix(dataLayer.redis().keyPrefix()).build(), null));
	}

	@AfterAll
	static void close() {
		connection.close();
	}

	private static ReactiveDataCache cache(TestInfo test) {
		return (ReactiveDataCache) manager.getCache(test.getTestMethod().orElseThrow().getName());
	}

	@Test
	void managerHandsOutOneCachePerName(TestInfo test) {
		Cache cache = cache(test);
		assertThat(manager.getCache(cache.getName())).isSameAs(cache);
		assertThat(manager.getCacheNames()).contains(cache.getName());
		assertThat(cache.getNativeCache()).isInstanceOf(dev.reactivedata.cache.aside.ReactiveCache.class);
	}

	@Test
	void retrieveOfAnAbsentKeyIsALateMiss(TestInfo test) {
		assertThat(cache(test).retrieve("absent")).succeedsWithin(TIMEOUT).isNull();
	}

	@Test
	void retrieveWithALoaderLoadsOnceAndKeepsTheValueType(TestInfo test) {
		Cache cache = cache(test);
		AtomicInteger loads = new AtomicInteger();
		Book book = new Book("Dune", 412);
		for (int i = 0; i < 3; i++) {
			assertThat(cache.retrieve("dune", () -> {
				loads.incrementAndGet();
				return CompletableFuture.completedFuture(book);
			})).succeedsWithin(TIMEOUT).isEqualTo(book);
		}
		assertThat(loads).hasValue(1);
		assertThat(cache.retrieve("dune")).succeedsWithin(TIMEOUT).isEqualTo(book);
	}

	@Test
	void listsKeepTheirElementType(TestInfo test) {
		Cache cache = cache(test);
		List<Book> books = List.of(new Book("Dune", 412), new Book("Emma", 474));
		assertThat(cache.retrieve("books", () -> CompletableFuture.completedFuture(books))).succeedsWithin(TIMEOUT)
			.isEqualTo(books);
		assertThat(cache.retrieve("books")).succeedsWithin(TIMEOUT).isEqualTo(books);
	}

	@Test
	void nullFromTheLoaderIsCachedAndReadBackWrapped(TestInfo test) {
		Cache cache = cache(test);
		AtomicInteger loads = new AtomicInteger();
		for (int i = 0; i < 2; i++) {
			assertThat(cache.retrieve("none", () -> {
				loads.incrementAndGet();
				return CompletableFuture.completedFuture(null);
			})).succeedsWithin(TIMEOUT).isNull();
		}
		assertThat(loads).hasValue(1);
		assertThat(cache.retrieve("none")).succeedsWithin(TIMEOUT)
			.isInstanceOfSatisfying(Cache.ValueWrapper.class, wrapper -> assertThat(wrapper.get()).isNull());
	}

	@Test
	void failedLoadIsPropagatedAndNotCached(TestInfo test) {
		Cache cache = cache(test);
		assertThat(cache.retrieve("broken", () -> CompletableFuture.failedFuture(new IllegalStateException("down"))))
			.failsWithin(TIMEOUT)
			.withThrowableThat()
			.havingRootCause()
			.withMessage("down");
		assertThat(cache.retrieve("broken", () -> CompletableFuture.completedFuture("up"))).succeedsWithin(TIMEOUT)
			.isEqualTo("up");
	}

	@Test
	void putReplacesAndEvictRemoves(TestInfo test) {
		ReactiveDataCache cache = cache(test);
		cache.write("k", new Book("Dune", 412)).then(cache.write("k", new Book("Emma", 474)))
			.as(StepVerifier::create)
			.verifyComplete();
		assertThat(cache.retrieve("k")).succeedsWithin(TIMEOUT).isEqualTo(new Book("Emma", 474));
		cache.remove("k").as(StepVerifier::create).verifyComplete();
		assertThat(cache.retrieve("k")).succeedsWithin(TIMEOUT).isNull();
		assertThat(cache.evictIfPresent("k")).isFalse();
	}

	@Test
	void compositeKeysAreDistinct(TestInfo test) {
		Cache cache = cache(test);
		assertThat(cache.retrieve(new SimpleKey("a", 1), () -> CompletableFuture.completedFuture("a1")))
			.succeedsWithin(TIMEOUT);
		assertThat(cache.retrieve(new SimpleKey("a", 2))).succeedsWithin(TIMEOUT).isNull();
		assertThat(cache.retrieve(new SimpleKey("a", 1))).succeedsWithin(TIMEOUT).isEqualTo("a1");
	}

	@Test
	void clearEmptiesTheCache(TestInfo test) {
		ReactiveDataCache cache = cache(test);
		cache.write("k", "v").then(cache.getNativeCache().clear())
			.as(StepVerifier::create)
			.verifyComplete();
		assertThat(cache.retrieve("k")).succeedsWithin(TIMEOUT).isNull();
	}

	@Test
	void blockingReadsAreRefused(TestInfo test) {
		Cache cache = cache(test);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> cache.get("k"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> cache.get("k", String.class));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> cache.get("k", () -> "v"));
	}

	@Test
	void entryOfARemovedClassIsAMiss(TestInfo test) {
		ReactiveDataCache cache = cache(test);
		String key = dataLayer.redis().keyPrefix() + cache.getName() + ":g0:-:v:gone";
		byte[] entry = ("V0|" + (System.currentTimeMillis() + 60_000) + "|1|dev.example.Gone\n{}")
			.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		connection.keyCommands().flatMap(commands -> commands.set(key, entry)).as(StepVerifier::create)
			.expectNext("OK")
			.verifyComplete();
		assertThat(cache.retrieve("gone")).succeedsWithin(TIMEOUT).isNull();
		assertThat(cache.getNativeCache().statistics().decodeFailures()).isEqualTo(1);
	}

	record Book(String title, int pages) {
	}

}
