package dev.reactivedata.demo.audit;

import dev.reactivedata.core.audit.AuditEntry;
import dev.reactivedata.core.audit.AuditLog;
import dev.reactivedata.core.audit.AuditPage;
import dev.reactivedata.core.audit.AuditQuery;
import dev.reactivedata.demo.web.InvalidFieldException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The tenant's audit entries, newest first: {@code GET /api/audit?entityType=&entityId=&page=&size=}. Row-level
 * security shows only the caller's tenant's entries. Asking for one entity ({@code entityId}) that has no entry
 * visible to the tenant, such as another tenant's article, answers 404 like the entity's own routes.
 */
@RestController
@RequestMapping("/api/audit")
class AuditController {

	private final AuditLog auditLog;

	private final JsonMapper jsonMapper;

	AuditController(AuditLog auditLog, JsonMapper jsonMapper) {
		this.auditLog = auditLog;
		this.jsonMapper = jsonMapper;
	}

	@GetMapping
	Mono<AuditPageResponse> list(@RequestParam(required = false) @Nullable String entityType,
			@RequestParam(required = false) @Nullable String entityId, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		return Mono.fromCallable(() -> query(entityType, entityId, page, size))
			.flatMap(this.auditLog::find)
			.flatMap(result -> (StringUtils.hasText(entityId) && result.totalItems() == 0)
					? Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "No audit entries for " + entityId))
					: Mono.just(toResponse(result)));
	}

	private static AuditQuery query(@Nullable String entityType, @Nullable String entityId, int page, int size) {
		if (page < 0) {
			throw new InvalidFieldException("page", "must be 0 or more");
		}
		if (size < 1 || size > AuditQuery.MAX_SIZE) {
			throw new InvalidFieldException("size", "must be between 1 and " + AuditQuery.MAX_SIZE);
		}
		return AuditQuery.builder()
			.entityType(StringUtils.hasText(entityType) ? entityType : null)
			.entityId(StringUtils.hasText(entityId) ? entityId : null)
			.page(page)
			.size(size)
			.build();
	}

	private AuditPageResponse toResponse(AuditPage page) {
		return new AuditPageResponse(page.items().stream().map(this::toResponse).toList(), page.page(), page.size(),
				page.totalItems(), page.totalPages());
	}

	private AuditEntryResponse toResponse(AuditEntry entry) {
		return new AuditEntryResponse(entry.id(), entry.entityType(), entry.entityId(), entry.action().name(),
				entry.actor(), json(entry.oldValue()), json(entry.newValue()), entry.correlationId(), entry.occurredAt());
	}

	private @Nullable JsonNode json(@Nullable String value) {
		return (value != null) ? this.jsonMapper.readTree(value) : null;
	}

}
