/**
 * Mapping annotations of our own for entities, read by repositories, queries and bulk writes.
 */
@NullMarked
package dev.reactivedata.core.mapping;

import org.jspecify.annotations.NullMarked;
