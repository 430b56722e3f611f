/**
 * Threshold alert rules over the data layer's in-memory readings: pool saturation, pending acquirers, p99
 * latency, error rate, cache hit ratio and circuit state, raised and resolved as events.
 */
@NullMarked
package dev.reactivedata.monitoring.alert;

import org.jspecify.annotations.NullMarked;
