/**
 * The {@code db} command line on the demo.
 */
@NullMarked
package dev.reactivedata.demo.command;

import org.jspecify.annotations.NullMarked;
