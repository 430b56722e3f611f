package dev.reactivedata.core.audit;

import java.util.Objects;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * The actor and correlation id that audit rows are written with, kept in the Reactor {@link Context}.
 * Put them there once per request (a web filter), and every audited write below sees them.
 */
public final class AuditContext {

	private static final String ACTOR = AuditContext.class.getName() + ".actor";

	private static final String CORRELATION_ID = AuditContext.class.getName() + ".correlationId";

	private AuditContext() {
	}

	/**
	 * Returns a context modifier that sets the actor for everything upstream of {@code contextWrite}.
	 * @param actor who is writing, such as {@code apikey:…} or a user name
	 * @return a function for {@code contextWrite}
	 */
	public static Function<Context, Context> withActor(String actor) {
		Objects.requireNonNull(actor, "actor must not be null");
		return context -> context.put(ACTOR, actor);
	}

	/**
	 * Returns a context modifier that sets the correlation id for everything upstream of {@code contextWrite}.
	 * @param correlationId the id of the request or job
	 * @return a function for {@code contextWrite}
	 */
	public static Function<Context, Context> withCorrelationId(String correlationId) {
		Objects.requireNonNull(correlationId, "correlationId must not be null");
		return context -> context.put(CORRELATION_ID, correlationId);
	}

	/**
	 * Emits the actor of the subscriber's context, or completes empty.
	 * @return the actor, or empty
	 */
	public static Mono<String> actor() {
		return Mono.deferContextual(context -> Mono.justOrEmpty(context.<String>getOrEmpty(ACTOR)));
	}

	/**
	 * Emits the correlation id of the subscriber's context, or completes empty.
	 * @return the correlation id, or empty
	 */
	public static Mono<String> correlationId() {
		return Mono.deferContextual(context -> Mono.justOrEmpty(context.<String>getOrEmpty(CORRELATION_ID)));
	}

}
