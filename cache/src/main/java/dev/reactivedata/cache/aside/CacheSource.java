package dev.reactivedata.cache.aside;

/**
 * Where a cached read's answer came from.
 */
public enum CacheSource {

	/** Served from Redis (a value or a cached "not found"). */
	HIT,

	/** Not in Redis (or due for an early refresh): loaded, then stored. */
	MISS,

	/** Redis was not used (circuit open or Redis failed): loaded from the source and not stored. */
	BYPASS

}
