package dev.reactivedata.demo.stats;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.reactivedata.cache.aside.ReactiveCache;
import dev.reactivedata.core.tenant.TenantContext;
import dev.reactivedata.demo.stats.StatsController.StatsResponse;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * A tenant's statistics, cached declaratively in the {@code stats} cache under the tenant's id. Spring's cache
 * abstraction calls the cache outside the request's Reactor Context: the key names the tenant itself, and with
 * {@code sync = true} (one load per key at a time) the method is subscribed outside the request, so it takes the
 * request's Context as an argument and runs its queries in it (tenant binding, query count). Article writes evict
 * the entry after their commit ({@link #evict()}); a refresh of the materialized view shows once the entry expires
 * ({@code reactivedata.cache.caches.stats.ttl}).
 */
@Component
public class TenantStatistics {

	static final String CACHE = "stats";

	private final DatabaseClient database;

	private final ReactiveCache cache;

	TenantStatistics(DatabaseClient database, CacheManager caches) {
		this.database = database;
		// Created at start-up, not by the first write's after-commit work on a Redis I/O thread.
		this.cache = (ReactiveCache) Objects.requireNonNull(caches.getCache(CACHE), "the stats cache").getNativeCache();
	}

	/**
	 * Emits a tenant's statistics, from the cache or read in the request's Context.
	 * @param tenant the tenant bound in {@code request}
	 * @param request the request's Reactor Context
	 * @return the statistics
	 */
	@Cacheable(cacheNames = CACHE, key = "#tenant", sync = true)
	public Mono<StatsResponse> of(UUID tenant, ContextView request) {
		return read().contextWrite(request);
	}

	/**
	 * Evicts the statistics of the tenant in the subscriber's Context; for the after-commit work of article writes.
	 * @return completes when Redis acknowledged the eviction or it is queued
	 */
	public Mono<Void> evict() {
		// Spring's cache calls run without a Context, so its entries carry no tenant segment: neither may this one.
		return TenantContext.current()
			.flatMap(tenant -> this.cache.evict(tenant.toString()).contextWrite(TenantContext.withoutTenant()));
	}

	/**
	 * Reads the statistics of the tenant bound in the subscriber's Context (nothing without one).
	 * @return the statistics
	 */
	Mono<StatsResponse> read() {
		Mono<Long> live = this.database.sql("SELECT count(*) AS articles FROM active_articles")
			.map(row -> row.get("articles", Long.class))
			.one();
		Mono<StatsResponse> counts = this.database
			.sql("SELECT dimension, key, articles FROM tenant_article_stats ORDER BY dimension, key")
			.map(row -> new Count(row.get("dimension", String.class), row.get("key", String.class),
					row.get("articles", Long.class)))
			.all()
			.collectList()
			.map(rows -> {
				Map<String, Long> byStatus = new LinkedHashMap<>();
				Map<String, Long> byTag = new LinkedHashMap<>();
				Map<String, Long> byDay = new LinkedHashMap<>();
				for (Count count : rows) {
					Map<String, Long> target = switch (count.dimension()) {
						case "status" -> byStatus;
						case "tag" -> byTag;
						default -> byDay;
					};
					target.put(count.key(), count.articles());
				}
				return new StatsResponse(0, byStatus, byTag, byDay);
			});
		return Mono.zip(live, counts, (total, response) -> new StatsResponse(total, response.byStatus(),
				response.byTag(), response.byDay()));
	}

	private record Count(String dimension, String key, long articles) {
	}

}
