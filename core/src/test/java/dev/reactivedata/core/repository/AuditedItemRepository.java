package dev.reactivedata.core.repository;

import java.util.UUID;

/**
 * Test repository of the audited, soft-deletable {@link AuditedItem}.
 */
public interface AuditedItemRepository extends ReactiveDataRepository<AuditedItem, UUID> {

}
