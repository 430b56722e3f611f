package dev.reactivedata.core.audit;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A row of the audit log.
 *
 * @param id the row id, increasing with time
 * @param entityType the entity type
 * @param entityId the entity id as text
 * @param action what the write did
 * @param actor who wrote, or {@code null} when unknown
 * @param oldValue the value before, as JSON text, or {@code null}
 * @param newValue the value after, as JSON text, or {@code null}
 * @param correlationId the request the write belongs to, or {@code null}
 * @param occurredAt when the write happened
 */
public record AuditEntry(long id, String entityType, String entityId, AuditAction action, @Nullable String actor,
		@Nullable String oldValue, @Nullable String newValue, @Nullable String correlationId, Instant occurredAt) {
}
