/**
 * WebFlux integration: a filter that opens a query scope per request in the Reactor Context.
 */
@NullMarked
package dev.reactivedata.monitoring.web;

import org.jspecify.annotations.NullMarked;
