package dev.reactivedata.demo.article;

import java.util.UUID;

import dev.reactivedata.core.repository.ReactiveDataRepository;

/**
 * Comments of the tenant bound to the current connection.
 */
public interface CommentRepository extends ReactiveDataRepository<Comment, UUID> {

}
