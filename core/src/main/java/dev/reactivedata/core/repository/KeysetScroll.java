package dev.reactivedata.core.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.reactivedata.core.internal.EntityModel;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.core.query.Criteria;

/**
 * Keyset positions of one entity: the id that breaks ties in every sort, the cursor that names the position
 * after a row, and the position a cursor names.
 *
 * @param <T> the entity type
 */
final class KeysetScroll<T> {

	private final EntityModel<T> model;

	private final CursorCodec cursors;

	KeysetScroll(EntityModel<T> model, CursorCodec cursors) {
		this.model = model;
		this.cursors = cursors;
	}

	/** The sort with the id appended, in the direction of its last order, unless it sorts by the id already. */
	Sort withIdTiebreak(Sort sort) {
		String id = this.model.id().getName();
		if (sort.getOrderFor(id) != null) {
			return sort;
		}
		Sort.Direction direction = sort.stream().reduce((first, second) -> second).map(Sort.Order::getDirection).orElse(Sort.Direction.ASC);
		return sort.and(Sort.by(direction, id));
	}

	/** The cursor of the position after {@code last} in {@code orders}. */
	String cursor(T last, List<Sort.Order> orders) {
		return this.cursors.encode(keys(last, orders));
	}

	/** The position {@code cursor} names, which must have been issued for {@code orders}. */
	KeysetPosition position(String cursor, List<Sort.Order> orders) {
		List<CursorCodec.Key> keys = this.cursors.decode(cursor);
		if (keys.size() != orders.size()) {
			throw CursorCodec.invalid();
		}
		List<RelationalPersistentProperty> properties = new ArrayList<>(keys.size());
		List<Object> values = new ArrayList<>(keys.size());
		for (int i = 0; i < keys.size(); i++) {
			CursorCodec.Key key = keys.get(i);
			Sort.Order order = orders.get(i);
			if (!key.property().equals(order.getProperty()) || key.direction() != order.getDirection()) {
				throw CursorCodec.invalid();
			}
			RelationalPersistentProperty property = sortProperty(key.property());
			properties.add(property);
			values.add(KeyValues.fromText(key.value(), property.getType()));
		}
		return new KeysetPosition(orders, properties, values);
	}

	private List<CursorCodec.Key> keys(T last, List<Sort.Order> orders) {
		PersistentPropertyAccessor<T> accessor = this.model.accessor(last);
		List<CursorCodec.Key> keys = new ArrayList<>(orders.size());
		for (Sort.Order order : orders) {
			RelationalPersistentProperty property = sortProperty(order.getProperty());
			Object value = accessor.getProperty(property);
			if (value == null) {
				throw new InvalidDataAccessApiUsageException("Cannot scroll past a null " + property.getName()
						+ ": keyset sort properties must be non-null");
			}
			keys.add(new CursorCodec.Key(order.getProperty(), order.getDirection(), KeyValues.toText(value)));
		}
		return keys;
	}

	/**
	 * The rows after a position whose keys sort in different directions: {@code k1 >= v1 AND (k1 > v1 OR
	 * (k1 = v1 AND k2 > v2) OR …)} with the comparisons flipped for descending keys. The redundant leading bound
	 * lets PostgreSQL start an index scan at the first row that ties on {@code k1}. (Keys that all sort one way
	 * are one row comparison instead; see {@link KeysetPosition#uniform()}.)
	 */
	static List<Criteria> after(KeysetPosition position) {
		List<Sort.Order> orders = position.orders();
		List<Object> values = position.values();
		Sort.Order first = orders.get(0);
		Criteria bound = first.isDescending() ? Criteria.where(first.getProperty()).lessThanOrEquals(values.get(0))
				: Criteria.where(first.getProperty()).greaterThanOrEquals(values.get(0));
		Criteria any = null;
		for (int i = 0; i < orders.size(); i++) {
			Criteria term = null;
			for (int j = 0; j < i; j++) {
				String property = orders.get(j).getProperty();
				term = (term == null) ? Criteria.where(property).is(values.get(j)) : term.and(property).is(values.get(j));
			}
			Sort.Order order = orders.get(i);
			Object value = values.get(i);
			if (term == null) {
				term = order.isDescending() ? Criteria.where(order.getProperty()).lessThan(value)
						: Criteria.where(order.getProperty()).greaterThan(value);
			}
			else {
				term = order.isDescending() ? term.and(order.getProperty()).lessThan(value)
						: term.and(order.getProperty()).greaterThan(value);
			}
			any = (any == null) ? term : any.or(term);
		}
		return List.of(bound, Objects.requireNonNull(any));
	}

	private RelationalPersistentProperty sortProperty(String name) {
		return this.model.property(name).orElseThrow(CursorCodec::invalid);
	}

}
