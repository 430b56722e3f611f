/**
 * The article resource of the demo's HTTP API.
 */
@NullMarked
package dev.reactivedata.demo.article;

import org.jspecify.annotations.NullMarked;
