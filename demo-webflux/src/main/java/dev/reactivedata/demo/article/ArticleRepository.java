package dev.reactivedata.demo.article;

import java.util.UUID;

import dev.reactivedata.core.repository.ReactiveDataRepository;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.repository.Query;

/**
 * Articles of the tenant bound to the current connection; row-level security hides every other tenant's, and
 * the base reads hide soft-deleted ones.
 */
public interface ArticleRepository extends ReactiveDataRepository<Article, UUID> {

	/**
	 * Emits the article unless it is absent or soft-deleted; the same as {@link #findById(Object)}.
	 * @param id the article id
	 * @return the article, or empty
	 */
	@Query("SELECT * FROM articles WHERE id = :id AND deleted_at IS NULL")
	Mono<Article> findActiveById(UUID id);

}
