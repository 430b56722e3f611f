package dev.reactivedata.cache.aside;

import org.jspecify.annotations.Nullable;

/**
 * The result of one load: the value, or {@code null} when the source has none, and whether it was stored.
 *
 * @param value the loaded value
 * @param stored whether Redis confirmed the store
 */
record Loaded(@Nullable Object value, boolean stored) {

	static final Loaded EMPTY = new Loaded(null, false);

	static final Loaded FAILED = new Loaded(null, false);

	Loaded(Object value) {
		this(value, false);
	}

	Loaded asStored() {
		return new Loaded(this.value, true);
	}

	@SuppressWarnings("unchecked")
	<T> @Nullable T value(CacheRequest<T> request) {
		return (T) this.value;
	}

}
