package dev.reactivedata.monitoring.stream;

import org.jspecify.annotations.Nullable;

/**
 * The cache in one stream interval.
 *
 * @param hitRatio hits / (hits + misses) during the interval, {@code null} when there was no get
 * @param hitsPerSecond hits per second over the interval
 * @param missesPerSecond misses per second over the interval
 * @param errors cache errors during the interval
 * @param circuit the name of the cache's circuit breaker state ({@code CLOSED}, {@code HALF_OPEN}, {@code OPEN}),
 * or {@code UNKNOWN} when no cache is wired: {@link CacheStatisticsSource.Reading#circuit()}
 */
public record CacheSnapshot(@Nullable Double hitRatio, double hitsPerSecond, double missesPerSecond, long errors,
		String circuit) {
}
