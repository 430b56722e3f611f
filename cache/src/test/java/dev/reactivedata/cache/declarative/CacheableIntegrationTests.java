package dev.reactivedata.cache.declarative;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reactivedata.cache.aside.CacheOptions;
import dev.reactivedata.cache.aside.ReactiveCaches;
import dev.reactivedata.cache.redis.CacheClientOptions;
import dev.reactivedata.cache.redis.SharedRedisConnection;
import dev.reactivedata.core.tenant.TenantContext;
import dev.reactivedata.testing.DataLayerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.ContextView;

import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @Cacheable} on methods returning {@code Mono} and {@code Flux}, through Spring's cache interceptor, on real
 * Redis: single flight with {@code sync = true}, tenants kept apart by the key, and loads that see the caller's
 * tenant.
 */
class CacheableIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.builder().build();

	private static final UUID ACME = UUID.fromString("00000000-0000-0000-0000-00000000ac3e");

	private static final UUID GLOBEX = UUID.fromString("00000000-0000-0000-0000-000000000b1e");

	private AnnotationConfigApplicationContext context;

	private Catalog catalog;

	@BeforeEach
	void start() {
		this.context = new AnnotationConfigApplicationContext();
		this.context.registerBean(SharedRedisConnection.class, CacheableIntegrationTests::connect);
		this.context.register(CachingConfiguration.class);
		this.context.refresh();
		this.catalog = this.context.getBean(Catalog.class);
	}

	@AfterEach
	void stop() {
		this.context.close();
	}

	private static SharedRedisConnection connect() {
		RedisURI uri = RedisURI.create(dataLayer.redis().uri());
		uri.setTimeout(Duration.ofSeconds(2));
		RedisClient client = RedisClient.create();
		client.setOptions(CacheClientOptions.create(Duration.ofSeconds(2)));
		return new SharedRedisConnection(client, uri);
	}

	/** Runs a call in a request's Context, as a WebFlux handler would. */
	private static <T> Mono<T> asTenant(UUID tenant, java.util.function.Function<ContextView, Mono<T>> call) {
		return Mono.deferContextual(call).contextWrite(TenantContext.withTenant(tenant));
	}

	@Test
	void concurrentSyncCallsOfOneKeyLoadOnce() {
		Flux.range(0, 100)
			.flatMap(i -> asTenant(ACME, context -> this.catalog.title(ACME, "dune", context)))
			.as(StepVerifier::create)
			.expectNextCount(100)
			.verifyComplete();
		asTenant(ACME, context -> this.catalog.title(ACME, "dune", context)).as(StepVerifier::create)
			.expectNext("dune for " + ACME)
			.verifyComplete();
		assertThat(this.catalog.loads()).isEqualTo(1);
	}

	@Test
	void tenantsNeverShareAnEntry() {
		asTenant(ACME, context -> this.catalog.title(ACME, "dune", context)).as(StepVerifier::create)
			.expectNext("dune for " + ACME)
			.verifyComplete();
		asTenant(GLOBEX, context -> this.catalog.title(GLOBEX, "dune", context)).as(StepVerifier::create)
			.expectNext("dune for " + GLOBEX)
			.verifyComplete();
		asTenant(ACME, context -> this.catalog.title(ACME, "dune", context)).as(StepVerifier::create)
			.expectNext("dune for " + ACME)
			.verifyComplete();
		assertThat(this.catalog.loads()).isEqualTo(2);
	}

	/** Spring subscribes a {@code sync} method's publisher outside the caller's Context: the method applies it. */
	@Test
	void syncLoadSeesTheCallersTenantThroughItsContextArgument() {
		asTenant(GLOBEX, context -> this.catalog.title(GLOBEX, "emma", context)).as(StepVerifier::create)
			.expectNext("emma for " + GLOBEX)
			.verifyComplete();
	}

	/** Without {@code sync}, Spring subscribes the method's publisher in the caller's chain. */
	@Test
	void loadWithoutSyncSeesTheCallersTenant() {
		this.catalog.unsynchronized(ACME, "emma")
			.contextWrite(TenantContext.withTenant(ACME))
			.as(StepVerifier::create)
			.expectNext("emma for " + ACME)
			.verifyComplete();
	}

	@Test
	void fluxIsCachedAsItsElements() {
		for (int i = 0; i < 2; i++) {
			this.catalog.shelf(ACME).as(StepVerifier::create).expectNext("dune", "emma").verifyComplete();
		}
		assertThat(this.catalog.loads()).isEqualTo(1);
	}

	@Test
	void emptyMonoIsCached() {
		for (int i = 0; i < 2; i++) {
			asTenant(ACME, context -> this.catalog.title(ACME, "", context)).as(StepVerifier::create).verifyComplete();
		}
		assertThat(this.catalog.loads()).isEqualTo(1);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

		@Bean
		CacheManager cacheManager(SharedRedisConnection connection) {
			String prefix = dataLayer.redis().keyPrefix() + UUID.randomUUID() + ":";
			return new ReactiveDataCacheManager(
					new ReactiveCaches(connection, CacheOptions.builder().keyPrefix(prefix).build(), null));
		}

		@Bean
		Catalog catalog() {
			return new Catalog();
		}

	}

	/**
	 * A tenant-scoped read: its answer names the tenant of the Reactor Context it runs in.
	 */
	public static class Catalog {

		private final AtomicInteger loads = new AtomicInteger();

		/** How many reads ran (a method, so it reaches the target behind the caching proxy). */
		public int loads() {
			return this.loads.get();
		}

		@Cacheable(cacheNames = "titles", key = "#tenant + ':' + #title", sync = true)
		public Mono<String> title(UUID tenant, String title, ContextView context) {
			return read(title).contextWrite(context);
		}

		@Cacheable(cacheNames = "unsynchronized", key = "#tenant + ':' + #title")
		public Mono<String> unsynchronized(UUID tenant, String title) {
			return read(title);
		}

		@Cacheable(cacheNames = "shelves", key = "#tenant", sync = true)
		public Flux<String> shelf(UUID tenant) {
			return Flux.just("dune", "emma").doOnSubscribe(subscription -> this.loads.incrementAndGet());
		}

		private Mono<String> read(String title) {
			return TenantContext.current()
				.map(tenant -> title + " for " + tenant)
				.defaultIfEmpty(title + " for nobody")
				.filter(answer -> !title.isEmpty())
				.doOnSubscribe(subscription -> this.loads.incrementAndGet());
		}

	}

}
