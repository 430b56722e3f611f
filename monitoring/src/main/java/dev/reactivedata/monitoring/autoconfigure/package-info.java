/**
 * Spring Boot auto-configuration for the monitoring module.
 */
@NullMarked
package dev.reactivedata.monitoring.autoconfigure;

import org.jspecify.annotations.NullMarked;
