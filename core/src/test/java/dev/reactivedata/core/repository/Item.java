package dev.reactivedata.core.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

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
 * A soft-deletable, versioned, audited test entity with text[] and jsonb columns.
 */
@Table("items")
@SoftDeletable
public class Item {

	@Id
	private @Nullable UUID id;

	private String title;

	private String body = "";

	private ItemStatus status = ItemStatus.DRAFT;

	private List<String> tags = List.of();

	private Json metadata = Json.of("{}");

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

	public Item(String title) {
		this.title = title;
	}

	public static Item of(String title, ItemStatus status, List<String> tags) {
		Item item = new Item(title);
		item.status = status;
		item.tags = tags;
		return item;
	}

	public @Nullable UUID getId() {
		return this.id;
	}

	public void setId(@Nullable UUID id) {
		this.id = id;
	}

	public String getTitle() {
		return this.title;
	}

	public void setTitle(String title) {
		this.title = title;
	}

	public String getBody() {
		return this.body;
	}

	public void setBody(String body) {
		this.body = body;
	}

	public ItemStatus getStatus() {
		return this.status;
	}

	public void setStatus(ItemStatus status) {
		this.status = status;
	}

	public List<String> getTags() {
		return this.tags;
	}

	public void setTags(List<String> tags) {
		this.tags = tags;
	}

	public Json getMetadata() {
		return this.metadata;
	}

	public void setMetadata(Json metadata) {
		this.metadata = metadata;
	}

	public @Nullable Integer getVersion() {
		return this.version;
	}

	public void setVersion(@Nullable Integer version) {
		this.version = version;
	}

	public @Nullable Instant getCreatedAt() {
		return this.createdAt;
	}

	public void setCreatedAt(@Nullable Instant createdAt) {
		this.createdAt = createdAt;
	}

	public @Nullable Instant getUpdatedAt() {
		return this.updatedAt;
	}

	public void setUpdatedAt(@Nullable Instant updatedAt) {
		this.updatedAt = updatedAt;
	}

	public @Nullable String getCreatedBy() {
		return this.createdBy;
	}

	public void setCreatedBy(@Nullable String createdBy) {
		this.createdBy = createdBy;
	}

	public @Nullable String getUpdatedBy() {
		return this.updatedBy;
	}

	public void setUpdatedBy(@Nullable String updatedBy) {
		this.updatedBy = updatedBy;
	}

	public @Nullable Instant getDeletedAt() {
		return this.deletedAt;
	}

	public void setDeletedAt(@Nullable Instant deletedAt) {
		this.deletedAt = deletedAt;
	}

	@Override
	public String toString() {
		return "Item[" + this.id + ", " + this.title + ", v" + this.version + "]";
	}

}
