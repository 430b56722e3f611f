/**
 * Cross-cutting web concerns: RFC 9457 problem details for every error.
 */
@NullMarked
package dev.reactivedata.demo.web;

import org.jspecify.annotations.NullMarked;
