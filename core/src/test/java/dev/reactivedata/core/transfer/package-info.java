/**
 * Tests of table export and import.
 */
@NullMarked
package dev.reactivedata.core.transfer;

import org.jspecify.annotations.NullMarked;
