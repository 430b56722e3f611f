package dev.reactivedata.core.repository;

import java.util.UUID;

/**
 * Test repository of the audited, hard-deleted, versioned {@link PurgeableItem}.
 */
public interface PurgeableItemRepository extends ReactiveDataRepository<PurgeableItem, UUID> {

}
