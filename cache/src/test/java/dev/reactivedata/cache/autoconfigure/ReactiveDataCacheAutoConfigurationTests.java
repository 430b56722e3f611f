package dev.reactivedata.cache.autoconfigure;

import java.time.Duration;

import dev.reactivedata.cache.aside.ReactiveCaches;
import dev.reactivedata.cache.redis.SharedRedisConnection;
import dev.reactivedata.testing.DataLayerExtension;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
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
