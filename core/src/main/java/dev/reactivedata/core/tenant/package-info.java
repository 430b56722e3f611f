/**
 * Tenancy: the current tenant travels in the Reactor {@code Context} and every pooled connection is
 * bound to it (or to none) for PostgreSQL row-level security.
 */
@NullMarked
package dev.reactivedata.core.tenant;

import org.jspecify.annotations.NullMarked;
