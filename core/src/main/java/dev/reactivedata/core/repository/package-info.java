/**
 * Reactive repositories: {@link dev.reactivedata.core.repository.ReactiveDataRepository} as the Spring Data
 * repository base class, adding pages with totals, keyset scrolling with opaque cursors, soft deletes, typed
 * version conflicts, batch loading of children, streaming reads and bulk writes.
 */
@NullMarked
package dev.reactivedata.core.repository;

import org.jspecify.annotations.NullMarked;
