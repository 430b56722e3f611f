/**
 * The demo server: a Spring Boot WebFlux application that shows the data layer working live.
 */
@NullMarked
package dev.reactivedata.demo;

import org.jspecify.annotations.NullMarked;
