package dev.reactivedata.core.query;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;

/**
 * The outcome of {@link QuerySpec#parse}: a query plus the requested page.
 *
 * @param query the filters and sort
 * @param page the zero-based page number
 * @param size the page size
 */
public record QueryRequest(DataQuery query, int page, int size) {

	/** @return the page and size as a {@link Pageable}, sorted like the query */
	public Pageable pageable() {
		return PageRequest.of(this.page, this.size, this.query.sort());
	}

}
