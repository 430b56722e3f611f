/**
 * Units of work on Spring's reactive {@code TransactionalOperator}: nested units as savepoints, whole-unit
 * retries on serialization failures and deadlocks, and after-commit hooks bound to the current reactive
 * transaction.
 */
@NullMarked
package dev.reactivedata.core.tx;

import org.jspecify.annotations.NullMarked;
