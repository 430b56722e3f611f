/**
 * Tests of the {@code db} command line.
 */
@NullMarked
package dev.reactivedata.core.command;

import org.jspecify.annotations.NullMarked;
