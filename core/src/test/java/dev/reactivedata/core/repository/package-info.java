/**
 * Tests of the repository base class, with test entities shared by the bulk tests.
 */
@NullMarked
package dev.reactivedata.core.repository;

import org.jspecify.annotations.NullMarked;
