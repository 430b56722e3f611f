package dev.reactivedata.cache.aside;

/**
 * Turns cached values into bytes and back. Implementations must be thread-safe.
 */
public interface CacheCodec {

	/**
	 * Encodes a value.
	 * @param value the value
	 * @return its bytes
	 * @throws RuntimeException when the value cannot be encoded
	 */
	byte[] encode(Object value);

	/**
	 * Decodes a value.
	 * @param bytes bytes made by {@link #encode(Object)}
	 * @param type the expected type
	 * @param <T> the expected type
	 * @return the value
	 * @throws RuntimeException when the bytes cannot be decoded (the cache then treats the entry as a miss)
	 */
	<T> T decode(byte[] bytes, Class<T> type);

	/**
	 * Decodes a value from a slice of an array; the default copies the slice and calls
	 * {@link #decode(byte[], Class)}.
	 * @param bytes an array holding bytes made by {@link #encode(Object)}
	 * @param offset where they start
	 * @param length how many there are
	 * @param type the expected type
	 * @param <T> the expected type
	 * @return the value
	 */
	default <T> T decode(byte[] bytes, int offset, int length, Class<T> type) {
		return decode(java.util.Arrays.copyOfRange(bytes, offset, offset + length), type);
	}

}
