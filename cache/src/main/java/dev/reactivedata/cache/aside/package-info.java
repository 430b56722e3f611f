/**
 * Cache-aside over Redis: {@link dev.reactivedata.cache.aside.ReactiveCache} (single-flight loads, version
 * fencing, tombstones, early refresh, tag and pattern eviction, a circuit breaker that fails open) and
 * {@link dev.reactivedata.cache.aside.CachingRepository}, which caches a repository's reads and invalidates
 * after commit.
 */
@NullMarked
package dev.reactivedata.cache.aside;

import org.jspecify.annotations.NullMarked;
