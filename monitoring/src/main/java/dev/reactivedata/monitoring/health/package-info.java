/**
 * Spring Boot health indicators: database ping latency, pool saturation and the cache circuit.
 */
@NullMarked
package dev.reactivedata.monitoring.health;

import org.jspecify.annotations.NullMarked;
