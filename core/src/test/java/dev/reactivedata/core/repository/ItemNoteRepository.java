package dev.reactivedata.core.repository;

import java.util.UUID;

/**
 * Test repository of {@link ItemNote}s.
 */
public interface ItemNoteRepository extends ReactiveDataRepository<ItemNote, UUID> {

}
