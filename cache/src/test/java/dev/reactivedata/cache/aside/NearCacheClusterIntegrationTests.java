package dev.reactivedata.cache.aside;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import dev.reactivedata.cache.redis.SharedRedisConnection;
import dev.reactivedata.testing.PrivateRedis;
import dev.reactivedata.testing.PrivateRedisCluster;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static dev.reactivedata.cache.aside.NearCacheIntegrationTests.awaitOff;
import static dev.reactivedata.cache.aside.NearCacheIntegrationTests.awaitOn;
import static dev.reactivedata.cache.aside.NearCacheIntegrationTests.near;
import static dev.reactivedata.cache.aside.NearCacheIntegrationTests.readUntilHit;
import static dev.reactivedata.cache.aside.NearCacheIntegrationTests.request;
import static dev.reactivedata.cache.aside.NearCacheIntegrationTests.writeAndReadWhileOff;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The near cache on a three-master Redis Cluster of its own: hits on every master, another client stack's
 * acknowledged writes seen by the next read, and the loss of one master's tracking connection.
 */
class NearCacheClusterIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	/** Enough keys that each master owns some. */
	private static final int KEYS = 12;

	private static PrivateRedisCluster cluster;

	private static List<RedisURI> seeds;

	@BeforeAll
	static void startCluster() {
		cluster = PrivateRedisCluster.start();
		seeds = cluster.uris().stream().map(RedisURI::create).toList();
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	/** A client stack of its own: its own cluster client, connection and cache. */
	private static SharedRedisConnection connect() {
		SharedRedisConnection connection = SharedRedisConnection
			.cluster(SharedRedisConnection.clusterClient(seeds, CacheTesting.RELAXED_TIMEOUT));
		connection.ping().as(StepVerifier::create).expectNext("PONG").expectComplete().verify(WAIT);
		return connection;
	}

	private static CacheOptions options(String keyPrefix) {
		return CacheOptions.builder().keyPrefix(keyPrefix).name("near").nearCacheSize(1_000)
			.openDuration(Duration.ofMillis(50)).earlyRefreshBeta(0).build();
	}

	/** Returns the index of the master that holds {@code key}: the others answer {@code MOVED}. */
	private static int masterHolding(String key) {
		List<PrivateRedis> nodes = cluster.nodes();
		return IntStream.range(0, nodes.size())
			.filter(i -> nodes.get(i).command("EXISTS", key).equals(":1"))
			.findFirst()
			.orElseThrow(() -> new AssertionError(key + " is on no master"));
	}

	@Test
	void readsOfKeptEntriesAreAnsweredInProcessOnEveryMaster() {
		try (SharedRedisConnection connection = connect()) {
			ReactiveCache cache = ReactiveCache.create(connection, options("hits:"));
			NearCache near = near(cache);
			awaitOn(cache, near);
			AtomicLong committed = new AtomicLong(1);
			AtomicInteger loads = new AtomicInteger();
			for (int k = 0; k < KEYS; k++) {
				readUntilHit(cache, near, request("a" + k, committed, loads), 1);
			}
			assertThat(loads).hasValue(KEYS);
			assertThat(cluster.keysOn(0)).as("keys on master 0").isPositive();
			assertThat(cluster.keysOn(1)).as("keys on master 1").isPositive();
			assertThat(cluster.keysOn(2)).as("keys on master 2").isPositive();
			assertThat(near.isOn()).as("every master's tracking connection is on").isTrue();
		}
	}

	@Test
	void aWriteAcknowledgedThroughAnotherClientStackIsSeenByEveryLaterRead() {
		try (SharedRedisConnection here = connect(); SharedRedisConnection there = connect()) {
			ReactiveCache reader = ReactiveCache.create(here, options("barrier:"));
			ReactiveCache writer = ReactiveCache.create(there, options("barrier:"));
			NearCache near = near(reader);
			awaitOn(reader, near);
			AtomicLong committed = new AtomicLong(1);
			AtomicInteger loads = new AtomicInteger();
			// Each round, on a key of one master after another: the entry is in the near cache (the third read hits
			// it), the other stack acknowledges a new version, and the very next read must return it.
			Flux.range(2, 240)
				.concatMap(version -> {
					String key = "b" + (version % KEYS);
					return reader.getOrLoad(request(key, committed, loads))
						.then(reader.getOrLoad(request(key, committed, loads)))
						.then(reader.getOrLoad(request(key, committed, loads)))
						.then(Mono.fromRunnable(() -> committed.set(version)))
						.then(writer.invalidate(key, version))
						.then(reader.getOrLoad(request(key, committed, loads)))
						.filter(item -> item.version() != version)
						.map(item -> key + ": acknowledged " + version + ", read " + item.version());
				})
				.collectList()
				.as(StepVerifier::create)
				.expectNext(List.of())
				.expectComplete()
				.verify(Duration.ofMinutes(1));
			System.out.printf("near cache barrier on a cluster: %d near-cache hits in 240 rounds%n", near.hits());
			assertThat(near.hits()).as("reads answered by the near cache before a write").isPositive();
		}
	}

	@Test
	void losingAMastersTrackingConnectionTurnsTheNearCacheOffUntilItIsBack() {
		try (SharedRedisConnection here = connect(); SharedRedisConnection there = connect()) {
			ReactiveCache reader = ReactiveCache.create(here, options("lost:"));
			ReactiveCache writer = ReactiveCache.create(there, options("lost:"));
			NearCache near = near(reader);
			awaitOn(reader, near);
			AtomicLong committed = new AtomicLong(1);
			AtomicInteger loads = new AtomicInteger();
			readUntilHit(reader, near, request("d", committed, loads), 1);
			int master = masterHolding("lost:near:g0:-:v:d");

			// Every normal client of that master: its tracking connection and the shared connections' links to it.
			cluster.nodes().get(master).killClients();
			awaitOff(near);
			writeAndReadWhileOff(reader, writer, near, request("d", committed, loads), committed);

			// awaitOn reads another key, maybe on another master: the read of d reopens its master's connection.
			Mono.defer(() -> reader.getOrLoad(request("d", committed, loads)).then(Mono.fromCallable(near::isOn)))
				.filter(on -> on)
				.repeatWhenEmpty(ticks -> ticks.delayElements(Duration.ofMillis(10)))
				.as(StepVerifier::create)
				.expectNext(true)
				.expectComplete()
				.verify(WAIT);
			readUntilHit(reader, near, request("d", committed, loads), 2);
		}
	}

}
