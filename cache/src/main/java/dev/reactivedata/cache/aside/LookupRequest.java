package dev.reactivedata.cache.aside;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * A lookup's request and the form of its answer: a hit is decoded by the codec as {@code view}, a loaded value is
 * mapped with {@code mapper} (for a plain lookup, the value's own type and the identity).
 *
 * @param request the request, which loads, stores and fences values of type {@code T}
 * @param view the type a hit is decoded as
 * @param mapper turns a loaded value into the answer; never returns {@code null}
 * @param <T> the value type
 * @param <V> the answer type
 */
record LookupRequest<T, V>(CacheRequest<T> request, Class<V> view, Function<? super T, ? extends V> mapper) {

	/**
	 * Returns the answer for a loaded value.
	 * @param loaded what the load gave
	 * @return the mapped value, or {@code null} when the source had none
	 */
	@Nullable V answer(Loaded loaded) {
		T value = loaded.value(this.request);
		return (value != null) ? this.mapper.apply(value) : null;
	}

}
