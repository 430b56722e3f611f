package dev.reactivedata.bench.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import dev.reactivedata.bench.external.RedisBenchmark;
import dev.reactivedata.bench.fixture.BenchArticle;
import dev.reactivedata.bench.fixture.BenchFixture;
import dev.reactivedata.bench.fixture.data.ArticleDataRepository;
import dev.reactivedata.bench.fixture.data.DataRepositories;
import dev.reactivedata.bench.harness.ClosedLoop;
import dev.reactivedata.bench.harness.Measured;
import dev.reactivedata.bench.harness.Row;
import dev.reactivedata.bench.harness.Sample;
import dev.reactivedata.bench.harness.Settings;
import dev.reactivedata.cache.aside.CacheOptions;
import dev.reactivedata.cache.aside.ReactiveCache;
import dev.reactivedata.cache.redis.SharedRedisConnection;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Cached read of one article. Ours: {@link ReactiveCache#getOrLoad} on the hit path (the {@link #KEYS} articles are
 * loaded into the cache before the trials; the loader is our repository's {@code findById}), over the shared
 * Lettuce connection with the cache's client options and its default Jackson codec. Baselines:
 * {@code redis-benchmark} GET of as many keys at the same concurrency, and the same read with the cache off (the
 * repository's {@code findById}, i.e. the database). The same hit with a near cache (L1) on, against the same
 * {@code redis-benchmark} baseline: each hit still waits for a {@code PING} on the near cache's tracking
 * connection sent after the read started (shared by every read waiting at that moment), so it saves the value
 * transfer, not the round trip.
 */
final class CachedReadScenario implements Scenario {

	static final String OURS = "ReactiveCache.getOrLoad, hit";

	static final String REDIS_BENCHMARK = "redis-benchmark GET";

	static final String NEAR = "ReactiveCache.getOrLoad, near-cache (L1) hit";

	static final String CACHE_OFF = "cache off: repository findById";

	static final String ZIPF_ON = "ReactiveCache.getOrLoad, Zipf keys (misses load and store)";

	static final String ZIPF_OFF = "cache off: repository findById, Zipf keys";

	static final String ZIPF_NEAR = "ReactiveCache.getOrLoad with a near cache (L1), Zipf keys (misses load and store)";

	/** The near cache of the Zipf side with L1: a fifth of the sampled articles, so its misses stay real. */
	static final int ZIPF_NEAR_ENTRIES = 2_000;

	/** YCSB's exponent for a Zipf-distributed request stream. */
	static final double ZIPF_EXPONENT = 0.99;

	static final String KEY_PREFIX = BenchFixture.REDIS_PREFIX + "k:";

	static final int KEYS = 1_000;

	/** What the cache holds per article: the article's columns, as the demo's cached article does. */
	record CachedArticle(UUID id, String title, String body, String status, List<String> tags, String metadata,
			@Nullable Integer version, @Nullable Instant createdAt) {

		static CachedArticle from(BenchArticle article) {
			return new CachedArticle(Objects.requireNonNull(article.getId()), article.getTitle(), article.getBody(),
					article.getStatus(), article.getTags(), article.getMetadata().asString(), article.getVersion(),
					article.getCreatedAt());
		}

	}

	@Override
	public String id() {
		return "cached-read";
	}

	@Override
	public List<Row> run(BenchContext context) {
		BenchFixture fixture = context.fixture();
		try (DataRepositories repositories = DataRepositories.over(fixture.connectionFactory())) {
			return run(context, fixture, repositories.articles());
		}
	}

	private List<Row> run(BenchContext context, BenchFixture fixture, ArticleDataRepository repository) {
		int clients = context.settings().concurrency();
		SharedRedisConnection redis = fixture.redis();
		List<UUID> ids = fixture.articleIds().subList(0, Math.min(KEYS, fixture.articleIds().size()));
		ReactiveCache cache = ReactiveCache.create(redis, CacheOptions.builder()
			.name("bench-articles")
			.keyPrefix(BenchFixture.REDIS_PREFIX + "cache:")
			.ttl(Duration.ofMinutes(30))
			.build());
		// Fill the cache, then check that each id is a hit (the trials measure the hit path only).
		Flux.fromIterable(ids).concatMap(id -> read(cache, repository, id)).contextWrite(fixture.withTenant())
			.then().block(Duration.ofMinutes(2));
		byte[] value = Objects.requireNonNull(redis.commands()
			.flatMap(commands -> commands.keys(BenchFixture.REDIS_PREFIX + "cache:*").next().flatMap(commands::get))
			.block(Duration.ofSeconds(10)), "the cache holds no entries after warming");

		Map<String, byte[]> entries = new LinkedHashMap<>();
		for (int i = 0; i < KEYS; i++) {
			entries.put(key(i), value);
		}
		redis.commands().flatMap(commands -> commands.mset(entries)).block(Duration.ofSeconds(10));

		// The same articles in a cache with a near cache: the first pass loads and stores, the second fills the near
		// cache (once its tracking connection is up), the others hit it.
		ReactiveCache nearCache = ReactiveCache.create(redis, CacheOptions.builder()
			.name("bench-articles-near")
			.keyPrefix(BenchFixture.REDIS_PREFIX + "cache:")
			.ttl(Duration.ofMinutes(30))
			.nearCacheSize(2L * KEYS)
			.build());
		Flux.range(0, 4)
			.concatMap(pass -> Flux.fromIterable(ids).concatMap(id -> read(nearCache, repository, id)))
			.contextWrite(fixture.withTenant())
			.then()
			.block(Duration.ofMinutes(2));

		// A second cache, empty at the start, for reads of every loaded article with a Zipf distribution.
		List<UUID> all = fixture.articleIds();
		ZipfKeys<UUID> zipf = new ZipfKeys<>(all, ZIPF_EXPONENT);
		ReactiveCache zipfCache = ReactiveCache.create(redis, CacheOptions.builder()
			.name("bench-articles-zipf")
			.keyPrefix(BenchFixture.REDIS_PREFIX + "cache:")
			.ttl(Duration.ofMinutes(30))
			.build());
		// The same, with a near cache in front: the hot keys are answered in process after a shared barrier.
		ReactiveCache zipfNearCache = ReactiveCache.create(redis, CacheOptions.builder()
			.name("bench-articles-zipf-near")
			.keyPrefix(BenchFixture.REDIS_PREFIX + "cache:")
			.ttl(Duration.ofMinutes(30))
			.nearCacheSize(ZIPF_NEAR_ENTRIES)
			.build());

		RedisBenchmark redisBenchmark = new RedisBenchmark(fixture.servers().redisHost(), fixture.servers().redisPort());
		AtomicReference<Double> rate = new AtomicReference<>(0.0);
		Map<String, Measured> measured = context.trials(id())
			.trialsAtLeast(Settings.TOOL_TRIAL)
			.load(OURS, "ops/s", duration -> ClosedLoop.run(clients, duration,
					() -> read(cache, repository, random(ids)).contextWrite(fixture.withTenant())))
			.load(NEAR, "ops/s", duration -> ClosedLoop.run(clients, duration,
					() -> read(nearCache, repository, random(ids)).contextWrite(fixture.withTenant())))
			.load(REDIS_BENCHMARK, "ops/s", duration -> {
				// redis-benchmark counts requests, not time: size each run from the rate seen so far.
				long requests = (rate.get() > 0) ? (long) (rate.get() * duration.toMillis() / 1000.0) : 20_000;
				Sample sample = redisBenchmark.get(clients, Math.max(10_000, requests), KEY_PREFIX, KEYS);
				rate.set(sample.value());
				return sample;
			})
			.load(CACHE_OFF, "ops/s", duration -> ClosedLoop.run(clients, duration,
					() -> repository.findById(random(ids)).map(CachedArticle::from).contextWrite(fixture.withTenant())))
			.load(ZIPF_ON, "ops/s", duration -> ClosedLoop.run(clients, duration,
					() -> read(zipfCache, repository, zipf.next()).contextWrite(fixture.withTenant())))
			.load(ZIPF_OFF, "ops/s", duration -> ClosedLoop.run(clients, duration,
					() -> repository.findById(zipf.next()).map(CachedArticle::from).contextWrite(fixture.withTenant())))
			.load(ZIPF_NEAR, "ops/s", duration -> ClosedLoop.run(clients, duration,
					() -> read(zipfNearCache, repository, zipf.next()).contextWrite(fixture.withTenant())))
			.run();
		context.details().note("cached read: ReactiveCache (30 min TTL, default options and Jackson codec) holding "
				+ ids.size() + " articles of about " + value.length + " bytes each; redis-benchmark GETs " + KEYS
				+ " keys (" + KEY_PREFIX + "…) holding a copy of one such entry, at the same concurrency. The cache-off "
				+ "side reads the same ids through the same repository. The Zipf sides read all " + all.size()
				+ " loaded articles with a Zipf distribution (exponent " + ZIPF_EXPONENT + "), the cached one through a "
				+ "second cache that starts empty, so its misses load from the database and store; the Zipf side with L1 "
				+ "reads them the same way through a cache of its own, also empty at the start, with a near cache of "
				+ ZIPF_NEAR_ENTRIES + " entries. The near-cache side "
				+ "reads the same " + ids.size() + " articles through a third cache with a near cache of "
				+ (2 * KEYS) + " entries, filled before the trials; its hits wait for a PING on the near cache's "
				+ "tracking connection sent after they started, shared by all reads waiting at that moment.");
		List<Row> rows = new ArrayList<>();
		Scenarios.pair(rows, measured, "cached read: ReactiveCache hit vs redis-benchmark GET", OURS, REDIS_BENCHMARK);
		Scenarios.pair(rows, measured, "cached read: ReactiveCache hit vs cache off (DB read)", OURS, CACHE_OFF);
		Scenarios.pair(rows, measured, "cached read: near-cache (L1) hit vs redis-benchmark GET", NEAR,
				REDIS_BENCHMARK);
		Scenarios.pair(rows, measured, "cached read, Zipf keys over " + Settings.count(all.size())
				+ " articles: cache on vs cache off", ZIPF_ON, ZIPF_OFF);
		Scenarios.pair(rows, measured, "cached read, Zipf keys over " + Settings.count(all.size())
				+ " articles: cache with a near cache (L1) vs cache off", ZIPF_NEAR, ZIPF_OFF);
		return rows;
	}

	private static Mono<CachedArticle> read(ReactiveCache cache, ArticleDataRepository repository, UUID id) {
		return cache.getOrLoad(id.toString(), CachedArticle.class,
				() -> repository.findById(id).map(CachedArticle::from));
	}

	private static UUID random(List<UUID> ids) {
		return ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
	}

	static String key(int i) {
		// redis-benchmark replaces __rand_int__ with a 12-digit, zero-padded number.
		return KEY_PREFIX + String.format("%012d", i);
	}

}
