/**
 * Tests of the article API over HTTP.
 */
@NullMarked
package dev.reactivedata.demo.article;

import org.jspecify.annotations.NullMarked;
