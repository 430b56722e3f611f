package dev.reactivedata.core.repository;

import java.util.UUID;

import reactor.core.publisher.Flux;

/**
 * Test repository on the {@link ReactiveDataRepository} base class, with a derived query.
 */
public interface ItemRepository extends ReactiveDataRepository<Item, UUID> {

	Flux<Item> findByTitle(String title);

}
