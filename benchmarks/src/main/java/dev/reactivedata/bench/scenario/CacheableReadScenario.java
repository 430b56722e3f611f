package dev.reactivedata.bench.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.reactivedata.bench.fixture.BenchFixture;
import dev.reactivedata.bench.fixture.data.ArticleDataRepository;
import dev.reactivedata.bench.fixture.data.DataRepositories;
import dev.reactivedata.bench.harness.ClosedLoop;
import dev.reactivedata.bench.harness.Measured;
import dev.reactivedata.bench.harness.Row;
import dev.reactivedata.bench.scenario.CachedReadScenario.CachedArticle;
import dev.reactivedata.cache.aside.CacheOptions;
import dev.reactivedata.cache.aside.ReactiveCache;
import dev.reactivedata.cache.aside.ReactiveCaches;
import dev.reactivedata.cache.declarative.ReactiveDataCacheManager;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A cache hit through Spring's cache abstraction. Ours: a {@code @Cacheable(sync = true)} method returning
 * {@code Mono}, behind Spring's caching proxy and {@link ReactiveDataCacheManager} (its typed JSON codec). Baseline:
 * the same hit through {@link ReactiveCache#getOrLoad} called directly (default Jackson codec, the value's class
 * given), on the same shared connection. Both caches hold the same {@value CachedReadScenario#KEYS} articles,
 * loaded before the trials.
 */
final class CacheableReadScenario implements Scenario {

	static final String OURS = "@Cacheable(sync = true) Mono, hit";

	static final String DIRECT = "ReactiveCache.getOrLoad, hit";

	@Override
	public String id() {
		return "cacheable-read";
	}

	@Override
	public List<Row> run(BenchContext context) {
		BenchFixture fixture = context.fixture();
		try (DataRepositories repositories = DataRepositories.over(fixture.connectionFactory());
				AnnotationConfigApplicationContext caching = new AnnotationConfigApplicationContext()) {
			ArticleDataRepository repository = repositories.articles();
			ReactiveCaches caches = new ReactiveCaches(fixture.redis(),
					CacheOptions.builder().keyPrefix(BenchFixture.REDIS_PREFIX + "cacheable:").ttl(Duration.ofMinutes(30)).build(),
					null);
			caching.registerBean(ReactiveCaches.class, () -> caches);
			caching.registerBean(ArticleDataRepository.class, () -> repository);
			caching.register(CachingConfiguration.class);
			caching.refresh();
			return run(context, fixture, caching.getBean(Articles.class), caches.cache("bench-direct"), repository);
		}
	}

	private List<Row> run(BenchContext context, BenchFixture fixture, Articles articles, ReactiveCache direct,
			ArticleDataRepository repository) {
		int clients = context.settings().concurrency();
		List<UUID> ids = fixture.articleIds().subList(0, Math.min(CachedReadScenario.KEYS, fixture.articleIds().size()));
		Flux.fromIterable(ids)
			.concatMap(id -> articles.find(id).then(read(direct, repository, id)))
			.contextWrite(fixture.withTenant())
			.then()
			.block(Duration.ofMinutes(2));
		Map<String, Measured> measured = context.trials(id())
			.load(OURS, "ops/s", duration -> ClosedLoop.run(clients, duration,
					() -> articles.find(random(ids)).contextWrite(fixture.withTenant())))
			.load(DIRECT, "ops/s", duration -> ClosedLoop.run(clients, duration,
					() -> read(direct, repository, random(ids)).contextWrite(fixture.withTenant())))
			.run();
		context.details().note("cacheable read: " + ids.size() + " articles cached twice (30 min TTL): behind a "
				+ "@Cacheable(sync = true) method with ReactiveDataCacheManager (key = the id, typed JSON), and in a "
				+ "ReactiveCache read directly with getOrLoad (Jackson codec, the class given); every read is a hit.");
		List<Row> rows = new ArrayList<>();
		Scenarios.pair(rows, measured, "cached read: @Cacheable hit vs direct ReactiveCache.getOrLoad hit", OURS, DIRECT);
		return rows;
	}

	private static Mono<CachedArticle> read(ReactiveCache cache, ArticleDataRepository repository, UUID id) {
		return cache.getOrLoad(id.toString(), CachedArticle.class,
				() -> repository.findById(id).map(CachedArticle::from));
	}

	private static UUID random(List<UUID> ids) {
		return ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

		@Bean
		CacheManager cacheManager(ReactiveCaches caches) {
			return new ReactiveDataCacheManager(caches);
		}

		@Bean
		Articles articles(ArticleDataRepository repository) {
			return new Articles(repository);
		}

	}

	/**
	 * The cached method. The benchmark's reads all run as one tenant, so the id alone is the key.
	 */
	public static class Articles {

		private final ArticleDataRepository repository;

		Articles(ArticleDataRepository repository) {
			this.repository = repository;
		}

		@Cacheable(cacheNames = "bench-cacheable", key = "#id", sync = true)
		public Mono<CachedArticle> find(UUID id) {
			return this.repository.findById(id).map(CachedArticle::from);
		}

	}

}
