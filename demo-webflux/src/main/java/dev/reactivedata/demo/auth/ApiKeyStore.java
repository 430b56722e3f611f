package dev.reactivedata.demo.auth;

import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Looks API keys up by their keyed hash (a unique-index lookup) and compares the stored hash in constant time.
 */
@Component
public class ApiKeyStore {

	private final DatabaseClient client;

	private final ApiKeyHasher hasher;

	ApiKeyStore(DatabaseClient client, ApiKeyHasher hasher) {
		this.client = client;
		this.hasher = hasher;
	}

	/**
	 * Emits the client a plaintext key belongs to, or completes empty for an unknown key.
	 * @param apiKey the key as presented
	 * @return the client, or empty
	 */
	public Mono<ApiClient> authenticate(String apiKey) {
		byte[] hash = this.hasher.hash(apiKey);
		return this.client.sql("SELECT id, tenant_id, role, key_hash FROM api_keys WHERE key_hash = :hash")
			.bind("hash", hash)
			.map(row -> new StoredKey(Objects.requireNonNull(row.get("id", UUID.class)), row.get("tenant_id", UUID.class),
					ApiClient.Role.valueOf(row.get("role", String.class)),
					Objects.requireNonNull(row.get("key_hash", byte[].class))))
			.one()
			.filter(stored -> ApiKeyHasher.matches(stored.hash(), hash))
			.map(stored -> new ApiClient(stored.id(), stored.tenantId(), stored.role()));
	}

	private record StoredKey(UUID id, @Nullable UUID tenantId, ApiClient.Role role, byte[] hash) {
	}

}
