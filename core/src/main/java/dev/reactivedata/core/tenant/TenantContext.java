package dev.reactivedata.core.tenant;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Reads and writes the current tenant in the Reactor {@link Context}. Request-scoped state lives in the
 * context, never in a {@code ThreadLocal}, so it follows the reactive pipeline across threads.
 */
public final class TenantContext {

	private static final Object KEY = TenantContext.class;

	private TenantContext() {
	}

	/**
	 * Returns a context modifier that binds {@code tenantId} for everything upstream of
	 * {@code contextWrite}.
	 * @param tenantId the tenant to bind
	 * @return a function for {@code Mono#contextWrite} or {@code Flux#contextWrite}
	 */
	public static Function<Context, Context> withTenant(UUID tenantId) {
		Objects.requireNonNull(tenantId, "tenantId must not be null");
		return context -> context.put(KEY, tenantId);
	}

	/**
	 * Returns a context modifier that removes any tenant, so the pipeline sees no tenant rows.
	 * @return a function for {@code contextWrite}
	 */
	public static Function<Context, Context> withoutTenant() {
		return context -> context.delete(KEY);
	}

	/**
	 * Emits the tenant bound in the subscriber's context, or completes empty when there is none.
	 * @return the current tenant, or empty
	 */
	public static Mono<UUID> current() {
		return Mono.deferContextual(context -> Mono.justOrEmpty(from(context)));
	}

	/**
	 * Returns the tenant bound in a context, for code that reads the context already (one operator instead of
	 * {@link #current()}'s).
	 * @param context the subscriber's context
	 * @return the tenant bound there, or empty
	 */
	public static Optional<UUID> from(ContextView context) {
		return context.getOrEmpty(KEY);
	}

}
