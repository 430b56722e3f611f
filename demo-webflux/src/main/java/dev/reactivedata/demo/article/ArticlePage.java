package dev.reactivedata.demo.article;

import java.util.List;

/**
 * One page of the article list.
 *
 * @param items the articles
 * @param page the zero-based page number
 * @param size the page size asked for
 * @param totalItems the number of matching articles
 * @param totalPages the number of pages of this size
 */
public record ArticlePage(List<ArticleResponse> items, int page, int size, long totalItems, int totalPages) {
}
