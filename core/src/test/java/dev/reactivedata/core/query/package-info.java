/**
 * Tests of request-parameter parsing.
 */
@NullMarked
package dev.reactivedata.core.query;

import org.jspecify.annotations.NullMarked;
