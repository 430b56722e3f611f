package dev.reactivedata.core.routing;

import org.jspecify.annotations.Nullable;

/**
 * A consistency token that is not a PostgreSQL WAL position ({@code 16/B374D848}).
 */
public final class InvalidConsistencyTokenException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	InvalidConsistencyTokenException(@Nullable String text) {
		super("A consistency token is a WAL position like '16/B374D848', was '" + text + "'");
	}

}
