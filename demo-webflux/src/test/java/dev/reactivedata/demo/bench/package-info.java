/**
 * Tests of the benchmark-only routes.
 */
@NullMarked
package dev.reactivedata.demo.bench;

import org.jspecify.annotations.NullMarked;
