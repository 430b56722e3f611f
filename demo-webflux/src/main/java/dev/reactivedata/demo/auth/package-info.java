/**
 * API-key authentication: keys stored only as a keyed hash, the caller's tenant put in the Reactor Context.
 */
@NullMarked
package dev.reactivedata.demo.auth;

import org.jspecify.annotations.NullMarked;
