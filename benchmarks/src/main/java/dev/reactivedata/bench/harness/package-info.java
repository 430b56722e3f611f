/**
 * What every scenario is built from: the {@link dev.reactivedata.bench.harness.Scenario} contract, the
 * {@link dev.reactivedata.bench.harness.Row} it reports, closed-loop load, and repeated trials with medians.
 */
@NullMarked
package dev.reactivedata.bench.harness;

import org.jspecify.annotations.NullMarked;
