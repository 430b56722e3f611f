package dev.reactivedata.core.repository;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A child of {@link Item}.
 */
@Table("item_notes")
public class ItemNote {

	@Id
	private @Nullable UUID id;

	private UUID itemId;

	private String body;

	private @Nullable Instant createdAt;

	public ItemNote(UUID itemId, String body) {
		this.itemId = itemId;
		this.body = body;
	}

	public @Nullable UUID getId() {
		return this.id;
	}

	public UUID getItemId() {
		return this.itemId;
	}

	public String getBody() {
		return this.body;
	}

	public @Nullable Instant getCreatedAt() {
		return this.createdAt;
	}

}
