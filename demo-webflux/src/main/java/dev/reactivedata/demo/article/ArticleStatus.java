package dev.reactivedata.demo.article;

/**
 * Where an article is in its life.
 */
public enum ArticleStatus {

	/** Being written. */
	DRAFT,

	/** Visible to readers. */
	PUBLISHED,

	/** Kept, no longer current. */
	ARCHIVED

}
