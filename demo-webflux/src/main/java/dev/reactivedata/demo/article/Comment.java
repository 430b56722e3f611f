package dev.reactivedata.demo.article;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.CreatedDate;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A comment row on an article; its tenant column is filled by the database like the article's.
 */
@Table("comments")
public class Comment {

	@Id
	private @Nullable UUID id;

	private UUID articleId;

	private String author;

	private String body;

	@CreatedDate
	private @Nullable Instant createdAt;

	public Comment(UUID articleId, String author, String body) {
		this.articleId = articleId;
		this.author = author;
		this.body = body;
	}

	public @Nullable UUID getId() {
		return this.id;
	}

	public UUID getArticleId() {
		return this.articleId;
	}

	public String getAuthor() {
		return this.author;
	}

	public String getBody() {
		return this.body;
	}

	public @Nullable Instant getCreatedAt() {
		return this.createdAt;
	}

}
