/**
 * Seeds an empty database with the demo tenants and their API keys.
 */
@NullMarked
package dev.reactivedata.demo.seed;

import org.jspecify.annotations.NullMarked;
