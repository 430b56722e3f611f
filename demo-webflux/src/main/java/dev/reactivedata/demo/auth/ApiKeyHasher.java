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

	/** Initialized once; every hash works on a clone, which skips the provider lookup and key setup. */
	private final Mac prototype;

	/**
	 * Creates a hasher.
	 * @param secret the HMAC key, at least 16 characters
	 */
	public ApiKeyHasher(String secret) {
		if (secret.length() < 16) {
			throw new IllegalArgumentException("demo.api-keys.hmac-secret must have at least 16 characters");
		}
		try {
			this.prototype = Mac.getInstance(ALGORITHM);
			this.prototype.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
			this.prototype.clone();
		}
		catch (GeneralSecurityException | CloneNotSupportedException ex) {
			throw new IllegalStateException("A cloneable HMAC-SHA-256 is not available", ex);
		}
	}

	/**
	 * Hashes a plaintext key.
	 * @param apiKey the key as the client sends it
	 * @return the 32-byte keyed hash
	 */
	public byte[] hash(String apiKey) {
		try {
			return ((Mac) this.prototype.clone()).doFinal(apiKey.getBytes(StandardCharsets.UTF_8));
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("HMAC-SHA-256 cannot be cloned", ex);
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
