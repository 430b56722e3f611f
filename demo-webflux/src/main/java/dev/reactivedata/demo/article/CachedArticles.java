package dev.reactivedata.demo.article;

import java.util.Objects;
import java.util.UUID;

import dev.reactivedata.cache.aside.CacheLookup;
import dev.reactivedata.cache.aside.CachingRepository;
import dev.reactivedata.cache.aside.JacksonCacheCodec;
import dev.reactivedata.cache.aside.ReactiveCaches;
import io.r2dbc.postgresql.codec.Json;
import reactor.core.publisher.Mono;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import org.springframework.stereotype.Component;

/**
 * Articles read by id through the {@code articles} cache (per tenant, fenced by the article's
 * {@code @Version}), and the invalidation writes run after their commit. (It lives beside the controller
 * because a separate package would form a cycle with this one.)
 */
@Component
class CachedArticles {

	private final CachingRepository<Article, UUID> articles;

	CachedArticles(ArticleRepository repository, ReactiveCaches caches) {
		this.articles = CachingRepository
			.builder(repository, caches.cache("articles", options -> options.codec(new JacksonCacheCodec(articleMapper()))),
					Article.class)
			.id(article -> Objects.requireNonNull(article.getId(), "a stored article has an id"))
			.version(article -> Objects.requireNonNullElse(article.getVersion(), 0))
			.finder(repository::findActiveById)
			.build();
	}

	/**
	 * Emits the tenant's active article through the cache, and whether it was a hit, a miss or a bypass.
	 * @param id the article id
	 * @return one lookup, with a {@code null} value when there is no such active article
	 */
	Mono<CacheLookup<Article>> findActive(UUID id) {
		return this.articles.lookupById(id);
	}

	/**
	 * Invalidates a written article's cache entry after the current transaction commits (at once without
	 * one), tombstoning its committed version.
	 * @param article the written article
	 * @return the article, once Redis acknowledged the invalidation or it is queued
	 */
	Mono<Article> written(Article article) {
		return this.articles.invalidate(article).thenReturn(article);
	}

	/**
	 * Tombstones a deleted article's cache entry after the current transaction commits (at once without one).
	 * @param id the deleted article's id
	 * @return completes once Redis acknowledged the invalidation or it is queued
	 */
	Mono<Void> deleted(UUID id) {
		return this.articles.invalidateDeleted(id);
	}

	/**
	 * Evicts an article's cache entry at once, for a write whose outcome is unknown.
	 * @param id the article id
	 * @return completes once Redis acknowledged the eviction or it is queued
	 */
	Mono<Void> evict(UUID id) {
		return this.articles.evictById(id);
	}

	/**
	 * A mapper that reads and writes the {@link Article} row itself: its fields, its constructor, and the
	 * PostgreSQL {@link Json} metadata as raw JSON text.
	 */
	static JsonMapper articleMapper() {
		SimpleModule json = new SimpleModule("r2dbc-json")
			.addSerializer(Json.class, new ValueSerializer<Json>() {
				@Override
				public void serialize(Json value, JsonGenerator generator, SerializationContext context) {
					generator.writeString(value.asString());
				}
			})
			.addDeserializer(Json.class, new ValueDeserializer<Json>() {
				@Override
				public Json deserialize(JsonParser parser, DeserializationContext context) {
					return Json.of(parser.getValueAsString());
				}
			});
		return JsonMapper.builder()
			.addModule(json)
			.changeDefaultVisibility(visibility -> visibility
				.withFieldVisibility(com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY)
				.withGetterVisibility(com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE)
				.withIsGetterVisibility(com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE))
			.build();
	}

}
