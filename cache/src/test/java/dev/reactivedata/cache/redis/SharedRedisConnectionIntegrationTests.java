package dev.reactivedata.cache.redis;

import java.time.Duration;

import dev.reactivedata.testing.DataLayerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class SharedRedisConnectionIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	@Test
	void pingsTheTestRedis() {
		try (SharedRedisConnection connection = connect(RedisURI.create(dataLayer.redis().uri()))) {
			connection.ping().as(StepVerifier::create).expectNext("PONG").verifyComplete();
		}
	}

	@Test
	void writesAndReadsUnderTheTestPrefix() {
		String key = dataLayer.redis().keyPrefix() + "greeting";
		try (SharedRedisConnection connection = connect(RedisURI.create(dataLayer.redis().uri()))) {
			connection.commands()
				.flatMap(commands -> commands.set(key, "hello".getBytes()).then(commands.get(key)))
				.map(String::new)
				.as(StepVerifier::create)
				.expectNext("hello")
				.verifyComplete();
		}
	}

	@Test
	void asyncCommandsShareTheConnectionWithTheReactiveOnes() {
		String key = dataLayer.redis().keyPrefix() + "shared";
		try (SharedRedisConnection connection = connect(RedisURI.create(dataLayer.redis().uri()))) {
			connection.keyCommands()
				.flatMap(commands -> commands.set(key, "both".getBytes()))
				.then(connection.asyncKeyCommands().flatMap(commands -> Mono.fromCompletionStage(commands.get(key))))
				.map(String::new)
				.as(StepVerifier::create)
				.expectNext("both")
				.verifyComplete();
		}
	}

	@Test
	void anOpenConnectionIsHandedOverOnTheCallersThread() {
		Scheduler caller = Schedulers.newSingle("caller");
		try (SharedRedisConnection connection = connect(RedisURI.create(dataLayer.redis().uri()))) {
			connection.ping().as(StepVerifier::create).expectNext("PONG").verifyComplete();
			connection.asyncKeyCommands()
				.map(commands -> Thread.currentThread().getName())
				.subscribeOn(caller)
				.as(StepVerifier::create)
				.assertNext(thread -> assertThat(thread).startsWith("caller"))
				.verifyComplete();
		}
		finally {
			caller.dispose();
		}
	}

	@Test
	void unreachableRedisFailsFastAndIsRetriedOnNextUse() {
		RedisURI nobody = RedisURI.create("redis://127.0.0.1:1");
		try (SharedRedisConnection connection = connect(nobody)) {
			connection.ping().as(StepVerifier::create).expectError().verify(Duration.ofSeconds(5));
			connection.ping().as(StepVerifier::create).expectError().verify(Duration.ofSeconds(5));
		}
	}

	private static SharedRedisConnection connect(RedisURI uri) {
		RedisClient client = RedisClient.create();
		client.setOptions(CacheClientOptions.create(CacheClientOptions.DEFAULT_COMMAND_TIMEOUT));
		return new SharedRedisConnection(client, uri);
	}

}
