/**
 * Spring Boot auto-configuration for the cache module.
 */
@NullMarked
package dev.reactivedata.cache.autoconfigure;

import org.jspecify.annotations.NullMarked;
