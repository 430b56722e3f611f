/**
 * An r2dbc-proxy {@code ProxyFactory} built from small hand-written wrapper classes instead of JDK dynamic
 * proxies, so that proxying costs little on the hot path of every query.
 */
@NullMarked
package dev.reactivedata.monitoring.proxy;

import org.jspecify.annotations.NullMarked;
