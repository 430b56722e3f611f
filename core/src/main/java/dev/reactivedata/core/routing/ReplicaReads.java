package dev.reactivedata.core.routing;

import java.util.function.Function;

import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Marks work in the Reactor Context as a read that a replica may serve. The repositories mark their read methods
 * and read-only transactions mark their connection; mark other reads (exports, reports) with
 * {@code .contextWrite(ReplicaReads.allow())}. Inside a read-write transaction the mark changes nothing: the
 * transaction's connection to the primary is used.
 */
public final class ReplicaReads {

	private static final Object KEY = ReplicaReads.class;

	private ReplicaReads() {
	}

	/**
	 * Returns the context change that marks the upstream work as a read, for {@code contextWrite}.
	 * @return the context change
	 */
	public static Function<Context, Context> allow() {
		return context -> context.put(KEY, Boolean.TRUE);
	}

	/**
	 * Tells whether a context marks a read.
	 * @param context the context
	 * @return {@code true} when a replica may serve the work
	 */
	public static boolean allowed(ContextView context) {
		return context.getOrDefault(KEY, Boolean.FALSE);
	}

}
