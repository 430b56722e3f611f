package dev.reactivedata.core.repository;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One window of a keyset scroll.
 *
 * @param <T> the entity type
 * @param items the rows of this window, in sort order
 * @param nextCursor the opaque cursor of the next window, {@code null} when this is the last
 */
public record KeysetPage<T>(List<T> items, @Nullable String nextCursor) {

	/**
	 * Copies the items.
	 * @param items the rows
	 * @param nextCursor the next cursor or {@code null}
	 */
	public KeysetPage {
		items = List.copyOf(items);
	}

}
