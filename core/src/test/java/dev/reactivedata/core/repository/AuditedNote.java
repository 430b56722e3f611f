package dev.reactivedata.core.repository;

import java.util.UUID;

import dev.reactivedata.core.audit.Audited;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An audited view of the {@code item_notes} table, deleted for good (not soft-deletable).
 */
@Table("item_notes")
@Audited(entityType = "ItemNote")
public class AuditedNote {

	@Id
	private @Nullable UUID id;

	private UUID itemId;

	private String body;

	public AuditedNote(UUID itemId, String body) {
		this.itemId = itemId;
		this.body = body;
	}

	public @Nullable UUID getId() {
		return this.id;
	}

	public void setId(@Nullable UUID id) {
		this.id = id;
	}

	public UUID getItemId() {
		return this.itemId;
	}

	public String getBody() {
		return this.body;
	}

}
