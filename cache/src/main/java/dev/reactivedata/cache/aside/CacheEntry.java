package dev.reactivedata.cache.aside;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The stored form of an entry: an ASCII header {@code <kind><version>|<expiresAtMillis>|<loadMillis>|}
 * followed by the codec's payload. The kind and version lead so the fencing Lua script can compare them.
 *
 * @param kind {@link #VALUE}, {@link #NOT_FOUND} or {@link #TOMBSTONE}
 * @param version the value's version (0 when unversioned)
 * @param expiresAtMillis wall-clock expiry, for early refresh
 * @param loadMillis how long the load took, for early refresh
 * @param raw the stored bytes
 * @param payloadOffset where the payload starts in {@code raw}
 */
record CacheEntry(char kind, long version, long expiresAtMillis, long loadMillis, byte[] raw, int payloadOffset) {

	static final char VALUE = 'V';

	static final char NOT_FOUND = 'N';

	static final char TOMBSTONE = 'T';

	/** The payload of not-found entries and tombstones. */
	static final byte[] NO_PAYLOAD = new byte[0];

	static byte[] encode(char kind, long version, long expiresAtMillis, long loadMillis, byte[] payload) {
		byte[] header = (kind + Long.toString(version) + '|' + expiresAtMillis + '|' + loadMillis + '|')
			.getBytes(StandardCharsets.US_ASCII);
		byte[] raw = Arrays.copyOf(header, header.length + payload.length);
		System.arraycopy(payload, 0, raw, header.length, payload.length);
		return raw;
	}

	static CacheEntry decode(byte[] raw) {
		if (raw.length < 2) {
			throw new IllegalArgumentException("Not a cache entry: " + raw.length + " bytes");
		}
		char kind = (char) raw[0];
		int position = 1;
		long[] fields = new long[3];
		for (int field = 0; field < 3; field++) {
			long value = 0;
			boolean negative = false;
			if (position < raw.length && raw[position] == '-') {
				negative = true;
				position++;
			}
			while (position < raw.length && raw[position] != '|') {
				byte digit = raw[position++];
				if (digit < '0' || digit > '9') {
					throw new IllegalArgumentException("Not a cache entry header");
				}
				value = value * 10 + (digit - '0');
			}
			if (position >= raw.length) {
				throw new IllegalArgumentException("Truncated cache entry header");
			}
			fields[field] = negative ? -value : value;
			position++;
		}
		return new CacheEntry(kind, fields[0], fields[1], fields[2], raw, position);
	}

	byte[] payload() {
		return Arrays.copyOfRange(this.raw, this.payloadOffset, this.raw.length);
	}

}
