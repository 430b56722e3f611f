package dev.reactivedata.core.repository;

import java.time.Instant;
import java.util.UUID;

import dev.reactivedata.core.audit.Audited;
import dev.reactivedata.core.mapping.SoftDeletable;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An audited, soft-deletable, versioned view of the {@code items} table; the generated search vector is left out
 * of its audit entries.
 */
@Table("items")
@Audited(entityType = "Item", exclude = "search")
@SoftDeletable
public class AuditedItem {

	@Id
	private @Nullable UUID id;

	// Nullable only so that a test can make the database refuse a row.
	private @Nullable String title;

	@Version
	private @Nullable Integer version;

	private @Nullable Instant deletedAt;

	private @Nullable String deletedBy;

	public AuditedItem(@Nullable String title) {
		this.title = title;
	}

	public @Nullable UUID getId() {
		return this.id;
	}

	public void setId(@Nullable UUID id) {
		this.id = id;
	}

	public @Nullable String getTitle() {
		return this.title;
	}

	public void setTitle(@Nullable String title) {
		this.title = title;
	}

	public @Nullable Integer getVersion() {
		return this.version;
	}

	public void setVersion(@Nullable Integer version) {
		this.version = version;
	}

	public @Nullable Instant getDeletedAt() {
		return this.deletedAt;
	}

	public void setDeletedAt(@Nullable Instant deletedAt) {
		this.deletedAt = deletedAt;
	}

	public @Nullable String getDeletedBy() {
		return this.deletedBy;
	}

	public void setDeletedBy(@Nullable String deletedBy) {
		this.deletedBy = deletedBy;
	}

}
