/**
 * Tests of read routing to streaming replicas.
 */
@NullMarked
package dev.reactivedata.core.routing;

import org.jspecify.annotations.NullMarked;
