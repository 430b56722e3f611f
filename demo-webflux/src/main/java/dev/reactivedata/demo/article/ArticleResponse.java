package dev.reactivedata.demo.article;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * An article as the API returns it; {@code comments} only with {@code include=comments}. {@code metadata} is the
 * JSON object text as PostgreSQL's {@code jsonb} (or the create request) gave it, written as it is rather than
 * parsed into a map and serialized again.
 */
public record ArticleResponse(UUID id, String title, String body, ArticleStatus status, List<String> tags,
		@JsonRawValue @Schema(type = "object") String metadata, int version, @Nullable Instant createdAt, @Nullable Instant updatedAt,
		@Nullable String createdBy, @Nullable String updatedBy,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<CommentResponse> comments) {

	ArticleResponse withComments(List<CommentResponse> comments) {
		return new ArticleResponse(this.id, this.title, this.body, this.status, this.tags, this.metadata, this.version,
				this.createdAt, this.updatedAt, this.createdBy, this.updatedBy, comments);
	}

}
