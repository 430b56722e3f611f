/**
 * Cross-cutting web concerns: RFC 9457 problem details for every error, WebJar assets read off the event loop.
 */
@NullMarked
package dev.reactivedata.demo.web;

import org.jspecify.annotations.NullMarked;
