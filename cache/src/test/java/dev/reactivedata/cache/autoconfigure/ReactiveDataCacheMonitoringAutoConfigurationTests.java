package dev.reactivedata.cache.autoconfigure;

import dev.reactivedata.cache.aside.ReactiveCache;
import dev.reactivedata.cache.aside.ReactiveCaches;
import dev.reactivedata.monitoring.stream.CacheStatisticsSource;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ReactiveDataCacheMonitoringAutoConfigurationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.builder().build();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				ReactiveDataCacheAutoConfiguration.class, ReactiveDataCacheMonitoringAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.url=" + dataLayer.redis().uri(),
				"reactivedata.cache.key-prefix=" + dataLayer.redis().keyPrefix());

	@Test
	void monitoringReadsTheTotalsOfEveryCache() {
		this.runner.run(context -> {
			ReactiveCache cache = context.getBean(ReactiveCaches.class).cache("articles");
			Mono<String> read = cache.getOrLoad("a", String.class, () -> Mono.just("A"));
			read.then(read).as(StepVerifier::create).expectNext("A").verifyComplete();
			assertThat(context.getBean(CacheStatisticsSource.class).read())
				.isEqualTo(new CacheStatisticsSource.Reading(1, 1, 0, "CLOSED"));
		});
	}

	@Test
	void applicationSourceWins() {
		CacheStatisticsSource own = CacheStatisticsSource.NONE;
		this.runner.withBean(CacheStatisticsSource.class, () -> own)
			.run(context -> assertThat(context.getBean(CacheStatisticsSource.class)).isSameAs(own));
	}

	@Test
	void backsOffWithoutTheMonitoringModule() {
		this.runner.withClassLoader(new FilteredClassLoader(CacheStatisticsSource.class))
			.run(context -> assertThat(context).hasSingleBean(ReactiveCaches.class)
				.doesNotHaveBean(CacheStatisticsSource.class));
	}

	@Test
	void backsOffWithoutCaches() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReactiveDataCacheMonitoringAutoConfiguration.class))
			.run(context -> assertThat(context).doesNotHaveBean(CacheStatisticsSource.class));
	}

}
