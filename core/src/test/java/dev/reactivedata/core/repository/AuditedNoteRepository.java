package dev.reactivedata.core.repository;

import java.util.UUID;

/**
 * Test repository of the audited, hard-deleted {@link AuditedNote}.
 */
public interface AuditedNoteRepository extends ReactiveDataRepository<AuditedNote, UUID> {

}
