/**
 * Tests of the core auto-configuration.
 */
@NullMarked
package dev.reactivedata.core.autoconfigure;

import org.jspecify.annotations.NullMarked;
