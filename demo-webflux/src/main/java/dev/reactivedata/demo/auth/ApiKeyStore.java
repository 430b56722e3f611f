package dev.reactivedata.demo.auth;

import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Looks API keys up by their keyed hash (a unique-index lookup) and compares the stored hash in constant time.
 * <p>
 * Answers are kept in a bounded in-process cache keyed by the hash (never the plaintext key): a known key for
 * {@code demo.api-keys.cache.ttl}, an unknown key for {@code demo.api-keys.cache.negative-ttl}, so that neither a
 * busy client nor a flood of one bad key runs a statement per request. Concurrent first requests with one key share
 * a single lookup; a failed lookup is not cached. A revoked key is {@linkplain #invalidate(UUID) invalidated} on
 * every instance as its revocation commits ({@link ApiKeyRevocations}); should that notification be missed, the
 * TTL bounds how long the key keeps working.
 */
@Component
public class ApiKeyStore {

	private static final HexFormat HEX = HexFormat.of();

	private final DatabaseClient client;

	private final ApiKeyHasher hasher;

	private final AsyncCache<String, Optional<ApiClient>> cache;

	@Autowired
	ApiKeyStore(DatabaseClient client, ApiKeyHasher hasher, ApiKeyCacheProperties properties) {
		this(client, hasher, properties, Ticker.systemTicker());
	}

	ApiKeyStore(DatabaseClient client, ApiKeyHasher hasher, ApiKeyCacheProperties properties, Ticker ticker) {
		this.client = client;
		this.hasher = hasher;
		this.cache = Caffeine.newBuilder()
			.maximumSize(properties.maximumSize())
			.expireAfter(Expiry.<String, Optional<ApiClient>>creating(
					(hash, found) -> found.isPresent() ? properties.ttl() : properties.negativeTtl()))
			.ticker(ticker)
			.buildAsync();
	}

	/**
	 * Emits the client a plaintext key belongs to, or completes empty for an unknown key. Runs a statement only
	 * when the key's answer is not cached.
	 * @param apiKey the key as presented
	 * @return the client, or empty; an error when the database cannot be asked
	 */
	public Mono<ApiClient> authenticate(String apiKey) {
		return Mono.deferContextual(context -> {
			byte[] hash = this.hasher.hash(apiKey);
			String key = HEX.formatHex(hash);
			// The loading request's context travels with the lookup, so its query scope counts the statement.
			BiFunction<String, Executor, CompletableFuture<Optional<ApiClient>>> load = (ignored, executor) -> lookup(hash)
				.contextWrite(context)
				.toFuture();
			CompletableFuture<Optional<ApiClient>> answer = this.cache.get(key, load);
			if (answer.isCompletedExceptionally()) {
				// A failed lookup stays in the cache until Caffeine's completion handler removes it: never hand it
				// to a request that arrives in between.
				this.cache.asMap().remove(key, answer);
				answer = this.cache.get(key, load);
			}
			return Mono.fromFuture(answer, true);
		}).flatMap(Mono::justOrEmpty);
	}

	/**
	 * Forgets what is cached for a key, so that its next request asks the database. Lookups still in flight are
	 * forgotten too: they may have read the key before it was revoked.
	 * @param keyId the id of the API key
	 */
	public void invalidate(UUID keyId) {
		this.cache.asMap().values().removeIf(answer -> !answer.isDone() || answer.isCompletedExceptionally()
				|| answer.join().map(ApiClient::keyId).filter(keyId::equals).isPresent());
	}

	/**
	 * Forgets everything cached, known and unknown keys alike.
	 */
	public void invalidateAll() {
		this.cache.synchronous().invalidateAll();
	}

	private Mono<Optional<ApiClient>> lookup(byte[] hash) {
		return this.client.sql("SELECT id, tenant_id, role, key_hash FROM api_keys WHERE key_hash = :hash AND revoked_at IS NULL")
			.bind("hash", hash)
			.map(row -> new StoredKey(Objects.requireNonNull(row.get("id", UUID.class)), row.get("tenant_id", UUID.class),
					ApiClient.Role.valueOf(row.get("role", String.class)),
					Objects.requireNonNull(row.get("key_hash", byte[].class))))
			.one()
			.filter(stored -> ApiKeyHasher.matches(stored.hash(), hash))
			.map(stored -> Optional.of(new ApiClient(stored.id(), stored.tenantId(), stored.role())))
			.defaultIfEmpty(Optional.empty());
	}

	private record StoredKey(UUID id, @Nullable UUID tenantId, ApiClient.Role role, byte[] hash) {
	}

}
