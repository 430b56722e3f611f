package dev.reactivedata.cache.autoconfigure;

import dev.reactivedata.cache.aside.ReactiveCaches;
import dev.reactivedata.cache.redis.SharedRedisConnection;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ReactiveDataCacheAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReactiveDataCacheAutoConfiguration.class));

	@Test
	void createsTheConnectionAndTheCachesWithoutConnecting() {
		this.runner.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:1", "reactivedata.cache.ttl=5m",
				"reactivedata.cache.circuit.failure-threshold=3")
			.run(context -> {
				assertThat(context).hasSingleBean(SharedRedisConnection.class).hasSingleBean(ReactiveCaches.class);
				assertThat(context.getBean(SharedRedisConnection.class).isCluster()).isFalse();
				assertThat(context.getBean(ReactiveCaches.class).cache("articles").name()).isEqualTo("articles");
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

}
