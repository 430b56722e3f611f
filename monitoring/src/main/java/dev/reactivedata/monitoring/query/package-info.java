/**
 * Query observation: an r2dbc-proxy listener that times every statement per normalized query shape, keeps a
 * slow-query log, and counts statements per request scope to detect N+1 patterns and enforce a query budget.
 */
@NullMarked
package dev.reactivedata.monitoring.query;

import org.jspecify.annotations.NullMarked;
