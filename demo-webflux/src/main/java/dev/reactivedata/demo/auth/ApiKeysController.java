package dev.reactivedata.demo.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /api/admin/api-keys} (admin): lists the keys (never their hashes) and revokes one. A revocation takes
 * effect on this instance before the answer and on every other instance as it commits ({@link ApiKeyRevocations});
 * it cannot be undone.
 */
@RestController
class ApiKeysController {

	private final DatabaseClient client;

	private final ApiKeyStore keys;

	ApiKeysController(DatabaseClient client, ApiKeyStore keys) {
		this.client = client;
		this.keys = keys;
	}

	@GetMapping("/api/admin/api-keys")
	Flux<ApiKeyResponse> list() {
		return this.client
			.sql("SELECT k.id, t.slug, k.role, k.created_at, k.revoked_at FROM api_keys k "
					+ "LEFT JOIN tenants t ON t.id = k.tenant_id ORDER BY k.created_at, k.id")
			.map(row -> new ApiKeyResponse(Objects.requireNonNull(row.get("id", UUID.class)),
					row.get("slug", String.class), Objects.requireNonNull(row.get("role", String.class)),
					Objects.requireNonNull(row.get("created_at", Instant.class)), row.get("revoked_at", Instant.class)))
			.all();
	}

	/**
	 * Revokes a key; revoking a revoked key again changes nothing and answers the same.
	 * @param id the key's id
	 * @return 204, or a 404 problem for an unknown key
	 */
	@DeleteMapping("/api/admin/api-keys/{id}")
	Mono<ResponseEntity<Void>> revoke(@PathVariable UUID id) {
		return this.client
			.sql("UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = :id RETURNING id")
			.bind("id", id)
			.map(row -> id)
			.one()
			.switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No API key " + id)))
			.doOnNext(this.keys::invalidate)
			.thenReturn(ResponseEntity.noContent().build());
	}

	/**
	 * One API key as the admin API shows it.
	 * @param id the key's id
	 * @param tenant the slug of its tenant, {@code null} for an admin key
	 * @param role what it may do
	 * @param createdAt when it was created
	 * @param revokedAt when it was revoked, {@code null} while it works
	 */
	record ApiKeyResponse(UUID id, @Nullable String tenant, String role, Instant createdAt,
			@Nullable Instant revokedAt) {
	}

}
