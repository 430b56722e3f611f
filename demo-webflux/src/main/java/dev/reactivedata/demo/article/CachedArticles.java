package dev.reactivedata.demo.article;

import java.util.Objects;
import java.util.UUID;

import dev.reactivedata.cache.aside.CacheLookup;
import dev.reactivedata.cache.aside.CachingRepository;
import dev.reactivedata.cache.aside.ReactiveCaches;
import dev.reactivedata.core.repository.ReactiveDataRepository;
import dev.reactivedata.demo.stats.TenantStatistics;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Articles read by id through the {@code articles} cache (per tenant, fenced by the article's
 * {@code @Version}), and the article repository whose every write invalidates the cache after its commit, with the
 * writer's tenant's statistics. (It
 * lives beside the controller because a separate package would form a cycle with this one.)
 */
@Component
class CachedArticles {

	private final CachingRepository<Article, UUID> articles;

	private final ArticleCacheCodec codec;

	CachedArticles(ArticleRepository repository, ReactiveCaches caches, TenantStatistics statistics,
			ArticleMapper mapper, JsonMapper json) {
		this.codec = new ArticleCacheCodec(mapper, json);
		this.articles = CachingRepository
			.builder(repository, caches.cache("articles", options -> options.codec(this.codec)), Article.class)
			.id(Article::getId)
			.version(article -> Objects.requireNonNullElse(article.getVersion(), 0))
			.finder(repository::findActiveById)
			.afterWrite(statistics::evict)
			.build();
	}

	/**
	 * Emits the JSON the API answers for the tenant's active article, through the cache, and whether it was a hit,
	 * a miss or a bypass. A hit hands over the cached bytes as they are; a load renders the article it read.
	 * @param id the article id
	 * @return one lookup, with a {@code null} value when there is no such active article
	 */
	Mono<CacheLookup<ArticleJson>> findActiveJson(UUID id) {
		return this.articles.lookupById(id, ArticleJson.class, this.codec::view);
	}

	/**
	 * Returns the article repository whose writes ({@code save}, {@code deleteIfPresent}, {@code restore},
	 * {@code insertAll}, {@code updateAll}, …) invalidate their cache entries after commit, so callers never
	 * invalidate by hand. Its {@code findById} reads through the cache.
	 * @return the caching repository
	 */
	ReactiveDataRepository<Article, UUID> repository() {
		return this.articles;
	}

	/**
	 * Evicts an article's cache entry at once, for a write whose outcome is unknown.
	 * @param id the article id
	 * @return completes once Redis acknowledged the eviction or it is queued
	 */
	Mono<Void> evict(UUID id) {
		return this.articles.evictById(id);
	}

}
