package dev.reactivedata.core.repository;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.reactivedata.core.query.InvalidQueryException;

import org.springframework.data.domain.Sort;

/**
 * Encodes keyset positions as opaque, tamper-checked cursors: the sort keys and the last row's values,
 * base64url-encoded and signed with HMAC-SHA-256. A cursor that was altered, truncated or signed with another
 * secret is refused with an {@link InvalidQueryException} on field {@code cursor}. Cursors are not encrypted: they
 * carry the sort values of the last row returned, which the client has already seen.
 */
public final class CursorCodec {

	private static final int VERSION = 1;

	private static final int TAG_BYTES = 16;

	private static final int MAX_CURSOR_CHARS = 4096;

	private final SecretKeySpec key;

	private CursorCodec(byte[] secret) {
		this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
		// Load the JCA provider now: its first lookup reads files, which must not happen on an event loop.
		tag(new byte[0]);
	}

	/**
	 * Creates a codec with a shared secret, so every instance of a service accepts the others' cursors.
	 * @param secret at least 32 bytes
	 * @return the codec
	 */
	public static CursorCodec withSecret(byte[] secret) {
		Objects.requireNonNull(secret, "secret must not be null");
		if (secret.length < 32) {
			throw new IllegalArgumentException("secret must be at least 32 bytes");
		}
		return new CursorCodec(secret);
	}

	/**
	 * Creates a codec with a random secret: its cursors are valid only within this process.
	 * @return the codec
	 */
	public static CursorCodec random() {
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		return new CursorCodec(secret);
	}

	String encode(List<Key> keys) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(VERSION);
			out.writeByte(keys.size());
			for (Key key : keys) {
				out.writeUTF(key.property());
				out.writeBoolean(key.direction().isDescending());
				out.writeUTF(key.value());
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		byte[] payload = bytes.toByteArray();
		byte[] signed = Arrays.copyOf(payload, payload.length + TAG_BYTES);
		System.arraycopy(tag(payload), 0, signed, payload.length, TAG_BYTES);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(signed);
	}

	List<Key> decode(String cursor) {
		if (cursor.length() > MAX_CURSOR_CHARS) {
			throw invalid();
		}
		byte[] signed;
		try {
			signed = Base64.getUrlDecoder().decode(cursor);
		}
		catch (IllegalArgumentException ex) {
			throw invalid();
		}
		if (signed.length <= TAG_BYTES) {
			throw invalid();
		}
		byte[] payload = Arrays.copyOf(signed, signed.length - TAG_BYTES);
		byte[] tag = Arrays.copyOfRange(signed, payload.length, signed.length);
		if (!MessageDigest.isEqual(tag, Arrays.copyOf(tag(payload), TAG_BYTES))) {
			throw invalid();
		}
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
			if (in.readByte() != VERSION) {
				throw invalid();
			}
			int count = in.readByte();
			List<Key> keys = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				String property = in.readUTF();
				Sort.Direction direction = in.readBoolean() ? Sort.Direction.DESC : Sort.Direction.ASC;
				keys.add(new Key(property, direction, in.readUTF()));
			}
			return keys;
		}
		catch (IOException ex) {
			throw invalid();
		}
	}

	private byte[] tag(byte[] payload) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return mac.doFinal(payload);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is unavailable", ex);
		}
	}

	static InvalidQueryException invalid() {
		return new InvalidQueryException(List.of(new InvalidQueryException.Violation("cursor", "is invalid or was tampered with")));
	}

	/**
	 * One sort key of a position: the property, its direction and the last row's value as text.
	 */
	record Key(String property, Sort.Direction direction, String value) {
	}

}
