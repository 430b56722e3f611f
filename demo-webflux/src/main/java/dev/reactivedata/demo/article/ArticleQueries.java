package dev.reactivedata.demo.article;

import java.time.Instant;

import dev.reactivedata.core.query.Operator;
import dev.reactivedata.core.query.QuerySpec;

import org.springframework.data.domain.Sort;

/**
 * The allow-list of what clients may filter and sort articles by.
 */
final class ArticleQueries {

	/** {@code GET /api/articles} and {@code /scroll}. */
	static final QuerySpec SPEC = QuerySpec.builder()
		.field("status", ArticleStatus.class, Operator.EQ, Operator.IN, Operator.NE)
		.arrayContains("tag", "tags")
		.textSearch("q", "search")
		.jsonKeys("metadata", "metadata")
		.field("createdAfter", "createdAt", Instant.class, Operator.GT)
		.field("createdBefore", "createdAt", Instant.class, Operator.LT)
		.field("createdAt", Instant.class, Operator.GTE, Operator.GT, Operator.LT, Operator.LTE)
		.field("updatedAt", Instant.class, Operator.GTE, Operator.GT, Operator.LT, Operator.LTE)
		.sortable("createdAt", "updatedAt", "title")
		.defaultSort(Sort.by(Sort.Direction.DESC, "createdAt"))
		.defaultSize(20)
		.maxSize(1000)
		.ignore("include", "cursor")
		.build();

	private ArticleQueries() {
	}

}
