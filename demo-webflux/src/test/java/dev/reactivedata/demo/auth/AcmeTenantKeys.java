package dev.reactivedata.demo.auth;

import java.util.UUID;

import reactor.test.StepVerifier;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Fresh API keys of the seeded {@code acme} tenant, one per test, so that each test starts with full rate-limit
 * buckets of its own.
 */
final class AcmeTenantKeys {

	private AcmeTenantKeys() {
	}

	/** Stores the hash of a new random tenant key of {@code acme} and returns the key. */
	static String create(DatabaseClient client, ApiKeyHasher hasher) {
		String key = "rate-limit-" + UUID.randomUUID();
		client
			.sql("INSERT INTO api_keys (tenant_id, key_hash, role) SELECT id, :hash, 'TENANT' FROM tenants WHERE slug = 'acme'")
			.bind("hash", hasher.hash(key))
			.fetch()
			.rowsUpdated()
			.as(StepVerifier::create)
			.expectNext(1L)
			.verifyComplete();
		return key;
	}

}
