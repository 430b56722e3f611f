package dev.reactivedata.demo.audit;

import java.util.List;

/**
 * A page of audit entries, newest first.
 */
record AuditPageResponse(List<AuditEntryResponse> items, int page, int size, long totalItems, long totalPages) {
}
