/**
 * Tests of maintenance and introspection.
 */
@NullMarked
package dev.reactivedata.core.maintenance;

import org.jspecify.annotations.NullMarked;
