package dev.reactivedata.cache.aside;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.reactivedata.cache.aside.CacheTesting.Item;
import dev.reactivedata.cache.redis.SharedRedisConnection;
import dev.reactivedata.testing.PrivateRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis failures, on a private redis-server this test starts (never the shared one): stopped, frozen
 * (SIGSTOP) and with its client connections killed. The circuit breaker's clock is a virtual-time
 * scheduler, so the test decides when the open period ends.
 */
class ReactiveCacheFailureIntegrationTests {

	// Short, but not so short that a busy shared test machine turns a healthy SET into a timeout.
	private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(1000);

	private static final Duration OPEN = Duration.ofSeconds(2);

	private PrivateRedis redis;

	private SharedRedisConnection connection;

	private VirtualTimeScheduler clock;

	private ReactiveCache cache;

	private final AtomicLong committed = new AtomicLong(1);

	@BeforeEach
	void startRedis() {
		this.redis = PrivateRedis.start();
		this.connection = CacheTesting.connect(this.redis.uri(), COMMAND_TIMEOUT);
		// Connected before the test: a first connect on a busy machine can outlast the short timeout.
		this.connection.ping().retry(10).as(StepVerifier::create).expectNext("PONG").expectComplete()
			.verify(Duration.ofSeconds(30));
		this.clock = VirtualTimeScheduler.create();
		this.cache = cache(CacheOptions.builder());
	}

	private ReactiveCache cache(CacheOptions.Builder builder) {
		return ReactiveCache.create(this.connection,
				builder.name("failures").failureThreshold(3).openDuration(OPEN).clock(this.clock).build());
	}

	@AfterEach
	void stopRedis() {
		this.redis.resume();
		this.connection.close();
		this.redis.close();
		this.clock.dispose();
	}

	private CacheRequest<Item> row() {
		return CacheRequest.of("row", Item.class,
				() -> Mono.fromSupplier(() -> new Item("row", "v" + this.committed.get(), this.committed.get())))
			.withVersion(Item::version);
	}

	private Mono<CacheSource> read(ReactiveCache cache) {
		return cache.lookup(row()).map(CacheLookup::source);
	}

	@Test
	void redisStoppedReadsBypassAndOnceOpenNoReadWaitsForATimeout() {
		this.cache.getOrLoad(row()).then(read(this.cache)).as(StepVerifier::create).expectNext(CacheSource.HIT).verifyComplete();
		this.redis.stop();
		Flux.range(0, 3).concatMap(i -> this.cache.lookup(row()))
			.as(StepVerifier::create)
			.expectNextCount(3)
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(this.cache.statistics().circuit()).isEqualTo(CircuitState.OPEN);
		// 200 reads, each of which would cost a connect attempt or a command timeout if Redis were still tried.
		Flux.range(0, 200).concatMap(i -> this.cache.lookup(row()))
			.as(StepVerifier::create)
			.thenConsumeWhile(lookup -> lookup.source() == CacheSource.BYPASS && lookup.value().version() == 1)
			.expectComplete()
			.verify(Duration.ofSeconds(2));
	}

	@Test
	void frozenRedisBoundsEveryCallByTheCommandTimeout() {
		this.cache.getOrLoad(row()).as(StepVerifier::create).expectNextCount(1).verifyComplete();
		this.redis.pause();
		for (int i = 0; i < 3; i++) {
			read(this.cache).as(StepVerifier::create).expectNext(CacheSource.BYPASS).expectComplete().verify(Duration.ofSeconds(3));
		}
		assertThat(this.cache.statistics().circuit()).isEqualTo(CircuitState.OPEN);
		read(this.cache).as(StepVerifier::create).expectNext(CacheSource.BYPASS).expectComplete().verify(Duration.ofMillis(500));
	}

	@Test
	void writesDuringAnOutageAreReplayedBeforeReadsUseRedisAgain() {
		this.cache.getOrLoad(row()).then(read(this.cache)).as(StepVerifier::create).expectNext(CacheSource.HIT).verifyComplete();
		this.redis.pause();
		this.committed.set(2);
		// Acknowledged once the circuit opened and the tombstone is queued: bounded by one command timeout.
		this.cache.invalidate("row", 2).as(StepVerifier::create).expectComplete().verify(Duration.ofSeconds(8));
		assertThat(this.cache.statistics().circuit()).isEqualTo(CircuitState.OPEN);
		assertThat(this.cache.statistics().queuedInvalidations()).isEqualTo(1);
		this.redis.resume();
		this.cache.lookup(row()).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(new Item("row", "v2", 2), CacheSource.BYPASS))
			.verifyComplete();
		this.clock.advanceTimeBy(OPEN);
		// The probe replays the tombstone before reading: the stale version 1 still in Redis is never served.
		this.cache.lookup(row()).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(new Item("row", "v2", 2), CacheSource.MISS))
			.verifyComplete();
		assertThat(this.cache.statistics().circuit()).isEqualTo(CircuitState.CLOSED);
		assertThat(this.cache.statistics().queuedInvalidations()).isZero();
		this.cache.lookup(row()).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(new Item("row", "v2", 2), CacheSource.HIT))
			.verifyComplete();
	}

	@Test
	void invalidationWhileRedisPausesWritesCostsOneCommandTimeoutThenIsQueued() {
		this.cache.getOrLoad(row()).then(read(this.cache)).as(StepVerifier::create).expectNext(CacheSource.HIT).verifyComplete();
		assertThat(this.redis.command("CLIENT", "PAUSE", "60000", "WRITE")).isEqualTo("+OK");
		try {
			long errorsBefore = this.cache.statistics().errors();
			this.cache.invalidate("row", 2).as(StepVerifier::create).expectComplete().verify(Duration.ofSeconds(30));
			// One command ran into the timeout, not one per failure-threshold attempt: the circuit opened at once
			// and the tombstone waits in the queue.
			assertThat(this.cache.statistics().errors() - errorsBefore).isOne();
			assertThat(this.cache.statistics().circuit()).isEqualTo(CircuitState.OPEN);
			assertThat(this.cache.statistics().queuedInvalidations()).isEqualTo(1);
			// A second write while the circuit is open is queued without trying Redis.
			this.cache.invalidate("other", 1).as(StepVerifier::create).expectComplete().verify(Duration.ofSeconds(30));
			assertThat(this.cache.statistics().errors() - errorsBefore).isOne();
			assertThat(this.cache.statistics().queuedInvalidations()).isEqualTo(2);
		}
		finally {
			this.redis.command("CLIENT", "UNPAUSE");
		}
		this.clock.advanceTimeBy(OPEN);
		this.cache.lookup(row()).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(new Item("row", "v1", 1), CacheSource.MISS))
			.verifyComplete();
		assertThat(this.cache.statistics().queuedInvalidations()).isZero();
	}

	@Test
	void overflowingTheInvalidationQueueBumpsTheNamespaceBeforeReadsUseRedisAgain() {
		ReactiveCache small = cache(CacheOptions.builder().invalidationQueueCapacity(0));
		small.getOrLoad(row()).then(read(small)).as(StepVerifier::create).expectNext(CacheSource.HIT).verifyComplete();
		this.redis.pause();
		this.committed.set(2);
		small.evict("row").as(StepVerifier::create).expectComplete().verify(Duration.ofSeconds(8));
		this.redis.resume();
		this.clock.advanceTimeBy(OPEN);
		small.lookup(row()).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(new Item("row", "v2", 2), CacheSource.MISS))
			.verifyComplete();
		assertThat(this.redis.command("GET", "rdl:failures:gen")).isEqualTo("1");
	}

	@Test
	void redisRestartedEmptyIsUsedAgainAfterTheProbe() {
		this.cache.getOrLoad(row()).as(StepVerifier::create).expectNextCount(1).verifyComplete();
		this.redis.stop();
		Flux.range(0, 3).concatMap(i -> read(this.cache)).then().as(StepVerifier::create).expectComplete().verify(Duration.ofSeconds(10));
		assertThat(this.cache.statistics().circuit()).isEqualTo(CircuitState.OPEN);
		this.redis.restart();
		this.clock.advanceTimeBy(OPEN);
		// The probe reconnects (the shared connection reopens a closed one); the value is loaded and cached again.
		Flux.interval(Duration.ofMillis(100)).onBackpressureDrop().take(100).concatMap(tick -> {
			this.clock.advanceTimeBy(OPEN);
			return read(this.cache);
		}).filter(source -> source == CacheSource.HIT).next()
			.as(StepVerifier::create)
			.expectNext(CacheSource.HIT)
			.expectComplete()
			.verify(Duration.ofSeconds(20));
	}

	@Test
	void killedClientConnectionsRecover() {
		this.cache.getOrLoad(row()).then(read(this.cache)).as(StepVerifier::create).expectNext(CacheSource.HIT).verifyComplete();
		this.redis.killClients();
		Flux.interval(Duration.ofMillis(100)).onBackpressureDrop().take(100).concatMap(tick -> {
			this.clock.advanceTimeBy(OPEN);
			return read(this.cache);
		}).filter(source -> source == CacheSource.HIT).next()
			.as(StepVerifier::create)
			.expectNext(CacheSource.HIT)
			.expectComplete()
			.verify(Duration.ofSeconds(20));
	}

}
