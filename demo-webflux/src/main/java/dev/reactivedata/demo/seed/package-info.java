/**
 * The demo's seeders: {@code test} (tenants and API keys, also seeded on an empty database at start-up),
 * {@code dev} and {@code demo} (articles, comments and audit history for both tenants).
 */
@NullMarked
package dev.reactivedata.demo.seed;

import org.jspecify.annotations.NullMarked;
