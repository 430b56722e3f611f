package dev.reactivedata.core.audit;

import java.util.List;

/**
 * One page of audit entries, newest first.
 *
 * @param items the entries of this page
 * @param page the page number, from 0
 * @param size the page size asked for
 * @param totalItems how many entries match the query in all
 */
public record AuditPage(List<AuditEntry> items, int page, int size, long totalItems) {

	/**
	 * Copies the items.
	 */
	public AuditPage {
		items = List.copyOf(items);
	}

	/** @return how many pages of {@code size} the matching entries fill */
	public long totalPages() {
		return (this.totalItems + this.size - 1) / this.size;
	}

}
