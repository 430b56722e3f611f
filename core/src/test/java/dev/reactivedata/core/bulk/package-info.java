/**
 * Tests of bulk writes and line imports.
 */
@NullMarked
package dev.reactivedata.core.bulk;

import org.jspecify.annotations.NullMarked;
