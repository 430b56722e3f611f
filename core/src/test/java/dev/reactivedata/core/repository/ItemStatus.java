package dev.reactivedata.core.repository;

/**
 * Status of a test {@link Item}.
 */
public enum ItemStatus {

	DRAFT, PUBLISHED, ARCHIVED

}
