/**
 * Read routing: reads outside a read-write transaction go to a healthy PostgreSQL streaming replica, least busy
 * first, unless the caller's consistency token says the replica has not replayed the caller's last commit yet.
 */
@NullMarked
package dev.reactivedata.core.routing;

import org.jspecify.annotations.NullMarked;
