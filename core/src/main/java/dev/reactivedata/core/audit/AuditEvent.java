package dev.reactivedata.core.audit;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One write to record with {@link AuditLog#record(AuditEvent)}; the actor, correlation id, tenant and time are
 * added from the Reactor Context and the database.
 *
 * @param entityType the entity type, such as {@code Article}
 * @param entityId the entity id as text (for bulk operations, a description such as a count or id range)
 * @param action what the write did
 * @param oldValue the value before, as JSON text, or {@code null}
 * @param newValue the value after, as JSON text, or {@code null}
 */
public record AuditEvent(String entityType, String entityId, AuditAction action, @Nullable String oldValue,
		@Nullable String newValue) {

	/**
	 * Validates the event.
	 */
	public AuditEvent {
		Objects.requireNonNull(entityType, "entityType must not be null");
		Objects.requireNonNull(entityId, "entityId must not be null");
		Objects.requireNonNull(action, "action must not be null");
	}

}
