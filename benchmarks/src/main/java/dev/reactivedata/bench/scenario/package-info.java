/**
 * The scenarios of DESIGN §10, one small class each, listed in {@link dev.reactivedata.bench.scenario.Scenarios}.
 */
@NullMarked
package dev.reactivedata.bench.scenario;

import org.jspecify.annotations.NullMarked;
