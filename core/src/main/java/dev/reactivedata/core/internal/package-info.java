/**
 * Building blocks shared by the core module's packages. Not API: public only so that other packages of this module
 * (and its auto-configuration) can use them; they may change in any release, and nothing outside the core module may
 * depend on them.
 */
@NullMarked
package dev.reactivedata.core.internal;

import org.jspecify.annotations.NullMarked;
