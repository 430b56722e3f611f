/**
 * The audit resource of the demo's HTTP API ({@code /api/audit}) and the request's actor and correlation id
 * for audited writes.
 */
@NullMarked
package dev.reactivedata.demo.audit;

import org.jspecify.annotations.NullMarked;
