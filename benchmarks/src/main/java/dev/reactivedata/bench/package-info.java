/**
 * The benchmark harness of DESIGN §10: one command that measures the data layer against its baselines in
 * the same run and writes the side-by-side table and chart.
 */
@NullMarked
package dev.reactivedata.bench;

import org.jspecify.annotations.NullMarked;
