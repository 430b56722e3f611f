/**
 * The live metrics stream: one hot sequence of data-layer snapshots shared by every subscriber.
 */
@NullMarked
package dev.reactivedata.monitoring.stream;

import org.jspecify.annotations.NullMarked;
