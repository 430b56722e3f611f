package dev.reactivedata.demo.article;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * An article as the API returns it; {@code comments} only with {@code include=comments}.
 */
public record ArticleResponse(UUID id, String title, String body, ArticleStatus status, List<String> tags,
		Map<String, Object> metadata, int version, @Nullable Instant createdAt, @Nullable Instant updatedAt,
		@Nullable String createdBy, @Nullable String updatedBy,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<CommentResponse> comments) {

	ArticleResponse withComments(List<CommentResponse> comments) {
		return new ArticleResponse(this.id, this.title, this.body, this.status, this.tags, this.metadata, this.version,
				this.createdAt, this.updatedAt, this.createdBy, this.updatedBy, comments);
	}

}
