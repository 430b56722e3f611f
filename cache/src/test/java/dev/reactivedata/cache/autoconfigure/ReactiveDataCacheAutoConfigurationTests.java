package dev.reactivedata.cache.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.reactivedata.cache.aside.ReactiveCaches;
import dev.reactivedata.cache.declarative.ReactiveDataCacheManager;
import dev.reactivedata.cache.redis.SharedRedisConnection;
import dev.reactivedata.testing.DataLayerExtension;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ReactiveDataCacheAutoConfigurationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.builder().build();

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(DataRedisAutoConfiguration.class, ReactiveDataCacheAutoConfiguration.class));

	@Test
	void createsTheConnectionAndTheCachesWithoutConnecting() {
		this.runner.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:1", "reactivedata.cache.ttl=5m",
				"reactivedata.cache.circuit.failure-threshold=3")
			.run(context -> {
				assertThat(context).hasSingleBean(SharedRedisConnection.class).hasSingleBean(ReactiveCaches.class);
				assertThat(context.getBean(SharedRedisConnection.class).isCluster()).isFalse();
				assertThat(context.getBean(ReactiveCaches.class).cache("articles").name()).isEqualTo("articles");
				assertThat(context.getBean("redisHealthIndicator")).isInstanceOf(RedisPingHealthIndicator.class);
				assertThat(context).hasSingleBean(CacheHealthGroups.class);
			});
	}

	@Test
	void optionsOfOneCacheApplyToThatCacheOnly() {
		String prefix = dataLayer.redis().keyPrefix();
		this.runner.withPropertyValues("spring.data.redis.url=" + dataLayer.redis().uri(),
				"reactivedata.cache.key-prefix=" + prefix, "reactivedata.cache.caches.short.ttl=7s",
				"reactivedata.cache.caches.short.negative-ttl=3s", "reactivedata.cache.caches.short.key-prefix=" + prefix + "own:")
			.run(context -> {
				ReactiveCaches caches = context.getBean(ReactiveCaches.class);
				caches.cache("short").getOrLoad("value", String.class, () -> Mono.just("v"))
					.then(caches.cache("short").getOrLoad("none", String.class, Mono::empty))
					.then(caches.cache("other").getOrLoad("value", String.class, () -> Mono.just("v")))
					.then()
					.as(StepVerifier::create)
					.verifyComplete();
				SharedRedisConnection connection = context.getBean(SharedRedisConnection.class);
				assertThat(pttl(connection, prefix + "own:short:g0:-:v:value")).isBetween(1L, 7700L);
				assertThat(pttl(connection, prefix + "own:short:g0:-:v:none")).isBetween(1L, 3000L);
				assertThat(pttl(connection, prefix + "other:g0:-:v:value")).isGreaterThan(500_000L);
			});
	}

	@Test
	void cacheWithoutOptionsSaysSoOnce() {
		ListAppender<ILoggingEvent> events = new ListAppender<>();
		events.start();
		Logger logger = (Logger) LoggerFactory.getLogger(ReactiveCaches.class);
		logger.addAppender(events);
		try {
			createCaches();
		}
		finally {
			logger.detachAppender(events);
		}
		List<String> messages = events.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
		assertThat(messages).filteredOn(message -> message.startsWith("Cache 'plain' has no options of its own; it uses the defaults"))
			.hasSize(1);
		assertThat(messages).noneMatch(message -> message.startsWith("Cache 'configured'"));
	}

	@Test
	void nearCachesAreOffByDefaultAndTurnedOnGloballyOrPerCache() {
		assertThat(nearCacheMessages(
				new String[] { "reactivedata.cache.caches.near.near.enabled=true",
						"reactivedata.cache.caches.near.near.maximum-size=50" },
				"near", "plain")).containsExactly("Cache 'near' keeps a near cache of up to 50 entries");
		assertThat(nearCacheMessages(
				new String[] { "reactivedata.cache.near.enabled=true", "reactivedata.cache.near.maximum-size=70",
						"reactivedata.cache.caches.off.near.enabled=false", "reactivedata.cache.caches.own.ttl=1m" },
				"off", "own", "plain")).containsExactly("Cache 'own' keeps a near cache of up to 70 entries",
						"Cache 'plain' keeps a near cache of up to 70 entries");
	}

	private List<String> nearCacheMessages(String[] properties, String... names) {
		ListAppender<ILoggingEvent> events = new ListAppender<>();
		events.start();
		Logger logger = (Logger) LoggerFactory.getLogger(ReactiveCaches.class);
		logger.addAppender(events);
		try {
			this.runner.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:1")
				.withPropertyValues(properties)
				.run(context -> {
					ReactiveCaches caches = context.getBean(ReactiveCaches.class);
					for (String name : names) {
						caches.cache(name);
					}
				});
		}
		finally {
			logger.detachAppender(events);
		}
		return events.list.stream()
			.map(ILoggingEvent::getFormattedMessage)
			.filter(message -> message.contains("keeps a near cache"))
			.map(message -> message.substring(0, message.indexOf(" entries") + " entries".length()))
			.toList();
	}

	@Test
	void aNearCacheOnARedisClusterStartsWithoutConnecting() {
		this.runner.withPropertyValues("spring.data.redis.cluster.nodes=127.0.0.1:1,127.0.0.1:2",
				"reactivedata.cache.caches.articles.near.enabled=true")
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(SharedRedisConnection.class).isCluster()).isTrue();
				assertThat(context.getBean(ReactiveCaches.class).cache("articles").name()).isEqualTo("articles");
			});
	}

	private void createCaches() {
		this.runner.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:1", "reactivedata.cache.caches.configured.ttl=1m")
			.run(context -> {
				ReactiveCaches caches = context.getBean(ReactiveCaches.class);
				caches.cache("configured");
				caches.cache("plain");
				caches.cache("plain");
			});
	}

	private static long pttl(SharedRedisConnection connection, String key) {
		Long ttl = connection.keyCommands().flatMap(commands -> commands.pttl(key)).block(Duration.ofSeconds(10));
		return (ttl != null) ? ttl : -3;
	}

	@Test
	void cacheManagerServesSpringsCacheAbstractionFromTheCaches() {
		this.runner.withPropertyValues("spring.data.redis.url=" + dataLayer.redis().uri(),
				"reactivedata.cache.key-prefix=" + dataLayer.redis().keyPrefix())
			.run(context -> {
				assertThat(context).hasSingleBean(ReactiveDataCacheManager.class);
				CacheManager manager = context.getBean(CacheManager.class);
				assertThat(manager.getCache("books").retrieve("dune", () -> CompletableFuture.completedFuture("Dune")))
					.succeedsWithin(Duration.ofSeconds(10))
					.isEqualTo("Dune");
				assertThat(context.getBean(ReactiveCaches.class).statistics())
					.anySatisfy(statistics -> assertThat(statistics.name()).isEqualTo("books"));
			});
	}

	@Test
	void applicationCacheManagerWins() {
		this.runner.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:1")
			.withBean(CacheManager.class, NoOpCacheManager::new)
			.run(context -> assertThat(context).hasSingleBean(CacheManager.class)
				.doesNotHaveBean(ReactiveDataCacheManager.class));
	}

	@Test
	void clusterNodesSelectTheClusterClient() {
		this.runner.withPropertyValues("spring.data.redis.cluster.nodes=127.0.0.1:1,127.0.0.1:2")
			.run(context -> assertThat(context.getBean(SharedRedisConnection.class).isCluster()).isTrue());
	}

	@Test
	void invalidOptionsFailTheStartup() {
		this.runner.withPropertyValues("reactivedata.cache.fence-window=20s")
			.run(context -> assertThat(context).hasFailed());
	}

	@Test
	void connectionDetailsBeanWinsOverProperties() {
		RedisURI shared = RedisURI.create(dataLayer.redis().uri());
		this.runner.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:1")
			.withBean(DataRedisConnectionDetails.class, () -> new DataRedisConnectionDetails() {
				@Override
				public Standalone getStandalone() {
					return Standalone.of(shared.getHost(), shared.getPort());
				}
			})
			.run(context -> context.getBean(SharedRedisConnection.class)
				.ping()
				.as(StepVerifier::create)
				.expectNext("PONG")
				.verifyComplete());
	}

	@Test
	void propertiesReachRedis() {
		this.runner.withPropertyValues("spring.data.redis.url=" + dataLayer.redis().uri(),
				"spring.data.redis.client-name=cache-tests")
			.run(context -> {
				SharedRedisConnection connection = context.getBean(SharedRedisConnection.class);
				connection.keyCommands()
					.flatMap(commands -> commands.clientGetname())
					.as(StepVerifier::create)
					.expectNext("cache-tests")
					.verifyComplete();
			});
	}

	@Test
	void hostAndPortPropertiesAreUsedWithoutAnUrl() {
		RedisURI shared = RedisURI.create(dataLayer.redis().uri());
		this.runner
			.withPropertyValues("spring.data.redis.host=" + shared.getHost(),
					"spring.data.redis.port=" + shared.getPort())
			.run(context -> context.getBean(SharedRedisConnection.class)
				.ping()
				.as(StepVerifier::create)
				.expectNext("PONG")
				.expectComplete()
				.verify(Duration.ofSeconds(10)));
	}

	@Test
	void malformedUrlFailsTheStartupWithTheUrl() {
		this.runner.withPropertyValues("spring.data.redis.url=redis://local host:6379")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("redis://local host:6379"));
	}

	@Test
	void twoUrlsFailTheStartupWithAClearMessage() {
		String urls = "redis://127.0.0.1:1,redis://127.0.0.1:2";
		MockEnvironment environment = new MockEnvironment().withProperty("spring.data.redis.url", urls);
		this.runner.withPropertyValues("spring.data.redis.url=" + urls)
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.satisfies(failure -> assertThat(new RedisUrlFailureAnalyzer(environment).analyze(failure))
					.isNotNull()));
	}

	@Test
	void masterReplicaIsRejectedWithAClearMessage() {
		this.runner.withPropertyValues("spring.data.redis.masterreplica.nodes=127.0.0.1:1,127.0.0.1:2")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("masterreplica"));
	}

	@Test
	void sentinelPropertiesBuildASentinelUri() {
		this.runner
			.withPropertyValues("spring.data.redis.sentinel.master=mymaster",
					"spring.data.redis.sentinel.nodes=127.0.0.1:26379,127.0.0.1:26380")
			.run(context -> {
				assertThat(context).hasSingleBean(SharedRedisConnection.class);
				DataRedisConnectionDetails details = context.getBean(DataRedisConnectionDetails.class);
				RedisURI uri = CacheRedisConnections.sentinel(details.getSentinel(), details,
						context.getBean(DataRedisProperties.class),
						false, Duration.ofMillis(250));
				assertThat(uri.getSentinelMasterId()).isEqualTo("mymaster");
				assertThat(uri.getSentinels()).extracting(RedisURI::getPort).containsExactly(26379, 26380);
			});
	}

}
