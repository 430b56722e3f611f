package dev.reactivedata.cache.aside;

import dev.reactivedata.cache.aside.CacheTesting.Item;
import dev.reactivedata.cache.redis.SharedRedisConnection;
import dev.reactivedata.testing.DataLayerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class CacheMetricsIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	@Test
	void metersFollowMicrometersCacheNaming() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		try (SharedRedisConnection connection = CacheTesting.connect(dataLayer.redis().uri())) {
			ReactiveCaches caches = new ReactiveCaches(connection,
					CacheOptions.builder().keyPrefix(dataLayer.redis().keyPrefix()).build(), registry);
			ReactiveCache cache = caches.cache("articles");
			CacheRequest<Item> request = CacheRequest.of("a", Item.class, () -> Mono.just(new Item("a", "A", 1)));
			cache.getOrLoad(request).then(cache.getOrLoad(request)).then(cache.getOrLoad(request))
				.then(cache.evict("a"))
				.as(StepVerifier::create)
				.verifyComplete();
			assertThat(registry.get("cache.gets").tags("cache", "articles", "result", "hit").functionCounter().count())
				.isEqualTo(2);
			assertThat(registry.get("cache.gets").tags("cache", "articles", "result", "miss").functionCounter().count())
				.isEqualTo(1);
			assertThat(registry.get("cache.puts").tags("cache", "articles").functionCounter().count()).isEqualTo(1);
			assertThat(registry.get("cache.evictions").tags("cache", "articles").functionCounter().count()).isEqualTo(1);
			assertThat(registry.get("cache.load").tags("result", "success").functionCounter().count()).isEqualTo(1);
			assertThat(registry.get("cache.load.duration").functionTimer().count()).isEqualTo(1);
			assertThat(registry.get("cache.errors").functionCounter().count()).isZero();
			assertThat(registry.get("cache.circuit.state").gauge().value()).isZero();
			assertThat(registry.get("cache.hit.ratio").gauge().value()).isEqualTo(2.0 / 3);
			assertThat(caches.totals().hitRatio()).isEqualTo(2.0 / 3);
			assertThat(caches.totals().circuit()).isEqualTo(CircuitState.CLOSED);
			assertThat(caches.statistics()).singleElement().satisfies(stats -> assertThat(stats.name()).isEqualTo("articles"));
			assertThat(caches.cache("articles")).isSameAs(cache);
		}
	}

}
