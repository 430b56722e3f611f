package dev.reactivedata.core.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import org.jspecify.annotations.Nullable;

/**
 * Classifies errors that mean a connection (and likely every connection) to the server is gone: the server
 * shut down or terminated backends ({@code 57P01}, {@code 57P02}, {@code 57P03}), connection exceptions
 * (class {@code 08}), a reset or closed socket, a refused connect. Not API: shared by the pool and the tenant
 * binding.
 */
public final class FatalConnectionErrors {

	private static final Set<String> FATAL_STATES = Set.of("57P01", "57P02", "57P03");

	private FatalConnectionErrors() {
	}

	/**
	 * Tells whether {@code error}, or one of its causes, means the connection to the server is gone.
	 * @param error the error
	 * @return whether the connection (and likely its pool's idle connections) is unusable
	 */
	public static boolean isFatal(Throwable error) {
		for (Throwable candidate = error; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null) {
				String state = r2dbc.getSqlState();
				if (state.startsWith("08") || FATAL_STATES.contains(state)) {
					return true;
				}
			}
			if (candidate instanceof ConnectException || candidate instanceof ClosedChannelException
					|| candidate instanceof IOException) {
				return true;
			}
			if (candidate instanceof R2dbcNonTransientResourceException && isConnectionGone(candidate.getMessage())) {
				return true;
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return false;
	}

	private static boolean isConnectionGone(@Nullable String message) {
		if (message == null) {
			return false;
		}
		String lower = message.toLowerCase(java.util.Locale.ROOT);
		return lower.contains("closed") || lower.contains("connection reset") || lower.contains("cannot connect")
				|| lower.contains("validation failed") || lower.contains("connection refused");
	}

}
