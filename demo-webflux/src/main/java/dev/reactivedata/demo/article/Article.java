package dev.reactivedata.demo.article;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.reactivedata.core.audit.Audited;
import dev.reactivedata.core.mapping.SoftDeletable;
import io.r2dbc.postgresql.codec.Json;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.CreatedBy;
import org.springframework.data.annotation.CreatedDate;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.LastModifiedBy;
import org.springframework.data.annotation.LastModifiedDate;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An article row. The tenant column is filled by the database from the connection's tenant binding, so the
 * entity never carries (or can forge) a tenant id. Deletes are soft: they stamp {@code deleted_at} and {@code deleted_by}.
 */
@Table("articles")
@Audited(exclude = "search")
@SoftDeletable
public class Article {

	@Id
	private @Nullable UUID id;

	private String title;

	private String body;

	private ArticleStatus status;

	private List<String> tags;

	private Json metadata;

	@Version
	private @Nullable Integer version;

	@CreatedDate
	private @Nullable Instant createdAt;

	@LastModifiedDate
	private @Nullable Instant updatedAt;

	@CreatedBy
	private @Nullable String createdBy;

	@LastModifiedBy
	private @Nullable String updatedBy;

	private @Nullable Instant deletedAt;

	// Who soft-deleted the article: the caller's actor, written by the repository's delete, cleared by restore.
	private @Nullable String deletedBy;

	public Article(String title, String body, ArticleStatus status, List<String> tags, Json metadata) {
		this.title = title;
		this.body = body;
		this.status = status;
		this.tags = tags;
		this.metadata = metadata;
	}

	/**
	 * Replaces the client-editable fields, as a full update from a client that read {@code version}.
	 */
	void replace(String title, String body, ArticleStatus status, List<String> tags, Json metadata, int version) {
		this.title = title;
		this.body = body;
		this.status = status;
		this.tags = tags;
		this.metadata = metadata;
		this.version = version;
	}

	public @Nullable UUID getId() {
		return this.id;
	}

	public String getTitle() {
		return this.title;
	}

	public String getBody() {
		return this.body;
	}

	public ArticleStatus getStatus() {
		return this.status;
	}

	public List<String> getTags() {
		return this.tags;
	}

	public Json getMetadata() {
		return this.metadata;
	}

	public @Nullable Integer getVersion() {
		return this.version;
	}

	public @Nullable Instant getCreatedAt() {
		return this.createdAt;
	}

	public @Nullable Instant getUpdatedAt() {
		return this.updatedAt;
	}

	public @Nullable String getCreatedBy() {
		return this.createdBy;
	}

	public @Nullable String getUpdatedBy() {
		return this.updatedBy;
	}

	public @Nullable Instant getDeletedAt() {
		return this.deletedAt;
	}

	public @Nullable String getDeletedBy() {
		return this.deletedBy;
	}

}
