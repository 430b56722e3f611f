package dev.reactivedata.cache.aside;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The answer of a cached read together with where it came from, for example to set an {@code X-Cache}
 * header.
 *
 * @param value the value, or {@code null} when the source has none
 * @param source where the answer came from
 * @param <T> the value type
 */
public record CacheLookup<T>(@Nullable T value, CacheSource source) {

	/**
	 * Creates a lookup result.
	 * @param value the value, or {@code null} when the source has none
	 * @param source where the answer came from
	 */
	public CacheLookup {
		Objects.requireNonNull(source, "source must not be null");
	}

	/**
	 * Tells whether a value was found.
	 * @return {@code true} when {@link #value()} is not {@code null}
	 */
	public boolean isPresent() {
		return this.value != null;
	}

}
