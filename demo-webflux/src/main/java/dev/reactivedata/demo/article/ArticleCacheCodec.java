package dev.reactivedata.demo.article;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.reactivedata.cache.aside.CacheCodec;
import io.r2dbc.postgresql.codec.Json;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The codec of the {@code articles} cache: an article is stored as its version in ASCII, a {@code '|'}, and the
 * JSON the API answers for it ({@link ArticleResponse}, written by the application's {@code JsonMapper} as the HTTP
 * encoder writes it). Read as {@link ArticleJson}, an entry is those bytes as they are, so a cached GET answers
 * without building, mapping or encoding the article; read as {@link Article}, the JSON is parsed into the row (an
 * active article's: the cache holds no deleted ones).
 */
final class ArticleCacheCodec implements CacheCodec {

	/** At most this many version digits: {@code int} versions have ten. */
	private static final int MAX_VERSION_DIGITS = 10;

	private final ArticleMapper mapper;

	private final ObjectWriter responses;

	private final ObjectReader articles;

	ArticleCacheCodec(ArticleMapper mapper, JsonMapper json) {
		this.mapper = mapper;
		this.responses = json.writerFor(ArticleResponse.class);
		this.articles = rowReader().readerFor(Article.class);
	}

	/**
	 * Renders an article as the API answers it.
	 * @param article an article with an id
	 * @return its JSON and version
	 */
	ArticleJson view(Article article) {
		return new ArticleJson(this.responses.writeValueAsBytes(this.mapper.toResponse(article)),
				Objects.requireNonNullElse(article.getVersion(), 0));
	}

	/**
	 * A mapper that reads the {@link Article} row itself from the API's JSON: its fields, its constructor, and the
	 * metadata object as the PostgreSQL {@link Json} text.
	 */
	private static JsonMapper rowReader() {
		SimpleModule json = new SimpleModule("r2dbc-json").addDeserializer(Json.class, new ValueDeserializer<Json>() {
			@Override
			public Json deserialize(JsonParser parser, DeserializationContext context) {
				return Json.of(context.readTree(parser).toString());
			}
		});
		return JsonMapper.builder()
			.addModule(json)
			.changeDefaultVisibility(visibility -> visibility.withFieldVisibility(JsonAutoDetect.Visibility.ANY)
				.withGetterVisibility(JsonAutoDetect.Visibility.NONE)
				.withIsGetterVisibility(JsonAutoDetect.Visibility.NONE))
			.build();
	}

	@Override
	public byte[] encode(Object value) {
		if (!(value instanceof Article article)) {
			throw new IllegalArgumentException("The articles cache holds articles, not " + value.getClass().getName());
		}
		ArticleJson view = view(article);
		byte[] version = Integer.toString(view.version()).getBytes(StandardCharsets.US_ASCII);
		byte[] entry = Arrays.copyOf(version, version.length + 1 + view.json().length);
		entry[version.length] = '|';
		System.arraycopy(view.json(), 0, entry, version.length + 1, view.json().length);
		return entry;
	}

	@Override
	public <T> T decode(byte[] bytes, Class<T> type) {
		return decode(bytes, 0, bytes.length, type);
	}

	@Override
	public <T> T decode(byte[] bytes, int offset, int length, Class<T> type) {
		int end = offset + length;
		int position = offset;
		long version = 0;
		while (position < end && bytes[position] != '|' && position - offset < MAX_VERSION_DIGITS) {
			int digit = bytes[position++] - '0';
			if (digit < 0 || digit > 9) {
				throw new IllegalArgumentException("Not an article cache entry: its version is not a number");
			}
			version = version * 10 + digit;
		}
		if (position == offset || position >= end || bytes[position] != '|' || version > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("Not an article cache entry: no version before its JSON");
		}
		int json = position + 1;
		if (type == ArticleJson.class) {
			return type.cast(new ArticleJson(Arrays.copyOfRange(bytes, json, end), (int) version));
		}
		if (type == Article.class) {
			return type.cast(this.articles.readValue(bytes, json, end - json));
		}
		throw new IllegalArgumentException("The articles cache holds articles, not " + type.getName());
	}

}
