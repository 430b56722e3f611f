package dev.reactivedata.demo.article;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A comment as the API returns it.
 */
public record CommentResponse(UUID id, UUID articleId, String author, String body, @Nullable Instant createdAt) {

	static CommentResponse of(Comment comment) {
		return new CommentResponse(Objects.requireNonNull(comment.getId()), comment.getArticleId(), comment.getAuthor(),
				comment.getBody(), comment.getCreatedAt());
	}

}
