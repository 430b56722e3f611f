/**
 * Routes that exist only for the benchmarks, off unless {@code demo.bench.routes.enabled} is set.
 */
@NullMarked
package dev.reactivedata.demo.bench;

import org.jspecify.annotations.NullMarked;
