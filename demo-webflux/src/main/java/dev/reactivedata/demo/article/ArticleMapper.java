package dev.reactivedata.demo.article;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.reactivedata.demo.web.InvalidFieldException;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Row;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Maps between the API's article JSON and the {@link Article} row.
 */
@Component
class ArticleMapper {

	static final int MAX_METADATA_BYTES = 16 * 1024;

	private final JsonMapper jsonMapper;

	ArticleMapper(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	Article toNewArticle(ArticleRequest request) {
		return new Article(request.title(), Objects.requireNonNullElse(request.body(), ""),
				Objects.requireNonNullElse(request.status(), ArticleStatus.DRAFT),
				Objects.requireNonNullElse(request.tags(), List.of()), metadata(request.metadata()));
	}

	ArticleResponse toResponse(Article article) {
		return new ArticleResponse(Objects.requireNonNull(article.getId()), article.getTitle(), article.getBody(),
				article.getStatus(), article.getTags(), article.getMetadata().asString(),
				Objects.requireNonNullElse(article.getVersion(), 0), article.getCreatedAt(), article.getUpdatedAt(),
				article.getCreatedBy(), article.getUpdatedBy(), null);
	}

	/**
	 * Applies a full update to a loaded article.
	 * @throws InvalidFieldException when the request carries no version
	 */
	Article replace(Article article, ArticleRequest request) {
		Integer version = request.version();
		if (version == null) {
			throw new InvalidFieldException("version", "must not be null: send the version you read");
		}
		article.replace(request.title(), Objects.requireNonNullElse(request.body(), ""),
				Objects.requireNonNullElse(request.status(), ArticleStatus.DRAFT),
				Objects.requireNonNullElse(request.tags(), List.of()), metadata(request.metadata()), version);
		return article;
	}

	/**
	 * Renders an article row, as {@code ReactiveDataRepository.findAll(DataQuery, mapper)} hands it over, as one
	 * CSV record (RFC 4180), tags and metadata as JSON text; no entity is built.
	 */
	String toCsv(Row row) {
		return String.join(",", csv(String.valueOf(row.get("id", UUID.class))), csv(row.get("title", String.class)),
				csv(row.get("body", String.class)), csv(row.get("status", String.class)),
				csv(this.jsonMapper.writeValueAsString(row.get("tags", String[].class))), csv(row.get("metadata", String.class)),
				csv(String.valueOf(row.get("version", Integer.class))), csv(String.valueOf(row.get("created_at", Instant.class))),
				csv(String.valueOf(row.get("updated_at", Instant.class))), csv(row.get("created_by", String.class)),
				csv(row.get("updated_by", String.class))) + "\r\n";
	}

	static final String CSV_HEADER = "id,title,body,status,tags,metadata,version,createdAt,updatedAt,createdBy,updatedBy\r\n";

	/** A CSV field, quoted where needed; empty for {@code null}. */
	private static String csv(@Nullable String value) {
		if (value == null) {
			return "";
		}
		if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
			return value;
		}
		return '"' + value.replace("\"", "\"\"") + '"';
	}

	private Json metadata(@Nullable Map<String, Object> metadata) {
		if (metadata == null) {
			return Json.of("{}");
		}
		byte[] json = this.jsonMapper.writeValueAsBytes(metadata);
		if (json.length > MAX_METADATA_BYTES) {
			throw new InvalidFieldException("metadata", "must be at most 16 KiB of JSON, was " + json.length + " bytes");
		}
		return Json.of(new String(json, StandardCharsets.UTF_8));
	}

}
