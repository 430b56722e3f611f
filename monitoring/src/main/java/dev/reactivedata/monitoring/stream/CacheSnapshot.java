package dev.reactivedata.monitoring.stream;

import org.jspecify.annotations.Nullable;

/**
 * The cache in one stream interval.
 *
 * @param hitRatio hits / (hits + misses) during the interval, {@code null} when there was no get
 * @param hitsPerSecond hits per second over the interval
 * @param missesPerSecond misses per second over the interval
 * @param errors cache errors during the interval
 * @param circuit the circuit breaker's state ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, or
 * {@code UNKNOWN} when no cache is wired)
 */
public record CacheSnapshot(@Nullable Double hitRatio, double hitsPerSecond, double missesPerSecond, long errors,
		CircuitState circuit) {
}
