/**
 * The PostgreSQL insights report over HTTP.
 */
@NullMarked
package dev.reactivedata.demo.insights;

import org.jspecify.annotations.NullMarked;
