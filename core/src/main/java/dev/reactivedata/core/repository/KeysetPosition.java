package dev.reactivedata.core.repository;

import java.util.List;

import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;

/**
 * The position after a row in a keyset sort: the sort's orders, the properties they sort by, and the row's
 * values of those properties (never null).
 *
 * @param orders the sort, the id tie-break included
 * @param properties the property of each order
 * @param values the row's value of each property
 */
record KeysetPosition(List<Sort.Order> orders, List<RelationalPersistentProperty> properties, List<Object> values) {

	KeysetPosition {
		orders = List.copyOf(orders);
		properties = List.copyOf(properties);
		values = List.copyOf(values);
	}

	/**
	 * Whether every key sorts in the same direction: then the rows after the position are those whose keys
	 * compare, as one row, below it (descending) or above it (ascending), which PostgreSQL answers by starting an
	 * index scan on those keys exactly at the position, however many rows tie on the leading key.
	 */
	boolean uniform() {
		return this.orders.stream().map(Sort.Order::getDirection).distinct().count() == 1;
	}

	/** @return whether the keys sort descending (meaningful when {@link #uniform()}) */
	boolean descending() {
		return this.orders.get(0).isDescending();
	}

}
