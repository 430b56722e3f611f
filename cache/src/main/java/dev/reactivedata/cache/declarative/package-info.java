/**
 * Declarative caching: Spring's cache abstraction ({@code @Cacheable} on methods returning {@code Mono} or
 * {@code Flux}) backed by {@link dev.reactivedata.cache.aside.ReactiveCache}, through
 * {@link dev.reactivedata.cache.declarative.ReactiveDataCacheManager}.
 */
@NullMarked
package dev.reactivedata.cache.declarative;

import org.jspecify.annotations.NullMarked;
