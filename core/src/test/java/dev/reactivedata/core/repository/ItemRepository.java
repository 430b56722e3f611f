package dev.reactivedata.core.repository;

import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.repository.Query;

/**
 * Test repository on the {@link ReactiveDataRepository} base class, with derived queries and a {@code @Query}.
 */
public interface ItemRepository extends ReactiveDataRepository<Item, UUID> {

	Flux<Item> findByTitle(String title);

	Flux<Item> findByStatus(ItemStatus status);

	Flux<Item> findByTitleOrBody(String title, String body);

	Mono<Long> countByStatus(ItemStatus status);

	Mono<Boolean> existsByTitle(String title);

	Mono<Item> findFirstByTitleOrderByCreatedAtDesc(String title);

	/** SQL as written: soft-deleted rows included. */
	@Query("SELECT * FROM items WHERE title = :title")
	Flux<Item> findWrittenByTitle(String title);

}
