/**
 * Read-your-writes across requests: the consistency token header.
 */
@NullMarked
package dev.reactivedata.demo.consistency;

import org.jspecify.annotations.NullMarked;
