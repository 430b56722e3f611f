package dev.reactivedata.demo.auth;

import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * The authenticated caller of a request, kept in the Reactor Context.
 *
 * @param keyId the id of the API key used
 * @param tenantId the tenant of a tenant key, {@code null} for an admin key
 * @param role what the key may do
 */
public record ApiClient(UUID keyId, @Nullable UUID tenantId, Role role) {

	private static final Object KEY = ApiClient.class;

	/**
	 * What an API key may do.
	 */
	public enum Role {

		/** Works on its own tenant's data. */
		TENANT,

		/** Reads operational endpoints (metrics, insights, migrations); has no tenant. */
		ADMIN

	}

	/** @return the name written to audit columns for this caller */
	public String actor() {
		return "apikey:" + this.keyId;
	}

	/** @return the tenant, if this is a tenant key */
	public Optional<UUID> tenant() {
		return Optional.ofNullable(this.tenantId);
	}

	Context writeTo(Context context) {
		return context.put(KEY, this);
	}

	/**
	 * Emits the caller of the current request, or completes empty outside an authenticated request.
	 * @return the caller
	 */
	public static Mono<ApiClient> current() {
		return Mono.deferContextual(context -> Mono.justOrEmpty(context.<ApiClient>getOrEmpty(KEY)));
	}

}
