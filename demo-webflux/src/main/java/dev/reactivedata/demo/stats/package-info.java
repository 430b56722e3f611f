/**
 * {@code GET /api/stats}: the tenant's article counts by status, tag and day from a materialized view, and the
 * live count through a row-level-security-preserving view.
 */
@NullMarked
package dev.reactivedata.demo.stats;

import org.jspecify.annotations.NullMarked;
