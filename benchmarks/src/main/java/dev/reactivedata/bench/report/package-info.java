/**
 * Output of a run: the markdown table (stdout and {@code results/latest.md}), the details under it, the
 * machine description, and the PNG chart of the ratios.
 */
@NullMarked
package dev.reactivedata.bench.report;

import org.jspecify.annotations.NullMarked;
