/**
 * The live metrics stream over server-sent events.
 */
@NullMarked
package dev.reactivedata.demo.stream;

import org.jspecify.annotations.NullMarked;
