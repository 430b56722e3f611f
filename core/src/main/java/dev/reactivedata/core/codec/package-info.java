/**
 * Codecs this library adds to r2dbc-postgresql where its own decoding costs more than the query: registered by
 * the starter for every PostgreSQL connection factory it builds, and by hand through {@link ReactiveDataCodecs}.
 */
@NullMarked
package dev.reactivedata.core.codec;

import org.jspecify.annotations.NullMarked;
