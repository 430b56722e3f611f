/**
 * The audit log: writes to {@link dev.reactivedata.core.audit.Audited @Audited} entities append rows to
 * {@code audit_log} in the same transaction, with the actor and correlation id of the Reactor Context.
 */
@NullMarked
package dev.reactivedata.core.audit;

import org.jspecify.annotations.NullMarked;
