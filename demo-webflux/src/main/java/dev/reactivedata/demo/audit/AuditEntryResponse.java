package dev.reactivedata.demo.audit;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An audit entry as the API returns it; old and new values are JSON objects.
 */
record AuditEntryResponse(long id, String entityType, String entityId, String action, @Nullable String actor,
		@Nullable JsonNode oldValue, @Nullable JsonNode newValue, @Nullable String correlationId, Instant occurredAt) {
}
