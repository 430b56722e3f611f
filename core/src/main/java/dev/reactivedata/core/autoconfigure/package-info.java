/**
 * Spring Boot auto-configuration for the core module: tenant binding of the application's connection
 * factory and the start-up row-level security role check.
 */
@NullMarked
package dev.reactivedata.core.autoconfigure;

import org.jspecify.annotations.NullMarked;
