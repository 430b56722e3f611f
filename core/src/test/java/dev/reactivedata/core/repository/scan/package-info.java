/**
 * Tests of what {@link dev.reactivedata.core.repository.EnableReactiveDataRepositories} scans, on repositories of
 * their own package.
 */
@NullMarked
package dev.reactivedata.core.repository.scan;

import org.jspecify.annotations.NullMarked;
