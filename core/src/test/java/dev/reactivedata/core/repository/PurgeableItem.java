package dev.reactivedata.core.repository;

import java.util.UUID;

import dev.reactivedata.core.audit.Audited;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An audited, versioned view of the {@code items} table whose deletes are for good (not soft-deletable).
 */
@Table("items")
@Audited(entityType = "Item", exclude = "search")
public class PurgeableItem {

	@Id
	private @Nullable UUID id;

	private String title;

	@Version
	private @Nullable Integer version;

	public PurgeableItem(String title) {
		this.title = title;
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

	public @Nullable Integer getVersion() {
		return this.version;
	}

	public void setVersion(@Nullable Integer version) {
		this.version = version;
	}

}
