/**
 * Streaming export and import of one table as CSV or NDJSON through PostgreSQL's {@code COPY} ({@code db export},
 * {@code db import}), with bounded memory: exports run as the schema owner, imports as the application's role
 * through a staging table so that row-level security policies still apply.
 */
@NullMarked
package dev.reactivedata.core.transfer;

import org.jspecify.annotations.NullMarked;
