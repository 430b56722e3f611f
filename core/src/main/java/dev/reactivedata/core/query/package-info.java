/**
 * Queries from the outside: {@link dev.reactivedata.core.query.QuerySpec} turns request parameters into a
 * {@link dev.reactivedata.core.query.DataQuery} (Spring Data {@code Criteria}, PostgreSQL predicates and a
 * {@code Sort}) against a per-entity allow-list. Request text only ever becomes bound values.
 */
@NullMarked
package dev.reactivedata.core.query;

import org.jspecify.annotations.NullMarked;
