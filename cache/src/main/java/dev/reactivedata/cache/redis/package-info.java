/**
 * The Redis connection the cache runs on: one shared Lettuce connection, configured to fail fast rather
 * than queue or replay commands.
 */
@NullMarked
package dev.reactivedata.cache.redis;

import org.jspecify.annotations.NullMarked;
