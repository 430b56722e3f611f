package dev.reactivedata.demo.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hashes API keys with HMAC-SHA-256 under a server-side secret, so the stored value is useless without the
 * secret and a plaintext key never reaches the database.
 */
public final class ApiKeyHasher {

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec secret;

	/**
	 * Creates a hasher.
	 * @param secret the HMAC key, at least 16 characters
	 */
	public ApiKeyHasher(String secret) {
		if (secret.length() < 16) {
			throw new IllegalArgumentException("demo.api-keys.hmac-secret must have at least 16 characters");
		}
		this.secret = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
	}

	/**
	 * Hashes a plaintext key.
	 * @param apiKey the key as the client sends it
	 * @return the 32-byte keyed hash
	 */
	public byte[] hash(String apiKey) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.secret);
			return mac.doFinal(apiKey.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA-256 is not available", ex);
		}
	}

	/**
	 * Compares two hashes in constant time.
	 * @param expected the stored hash
	 * @param actual the hash of the presented key
	 * @return whether they are equal
	 */
	public static boolean matches(byte[] expected, byte[] actual) {
		return MessageDigest.isEqual(expected, actual);
	}

}
