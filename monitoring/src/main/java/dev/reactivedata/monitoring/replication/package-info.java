/**
 * Replication lag of the read replicas: the in-memory view the read routing keeps, as meters, health details and a
 * field of the metrics stream.
 */
@NullMarked
package dev.reactivedata.monitoring.replication;

import org.jspecify.annotations.NullMarked;
