/**
 * Tests of API-key authentication and rate limits over HTTP.
 */
@NullMarked
package dev.reactivedata.demo.auth;

import org.jspecify.annotations.NullMarked;
