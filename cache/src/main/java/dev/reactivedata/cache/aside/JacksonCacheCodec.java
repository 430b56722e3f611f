package dev.reactivedata.cache.aside;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default {@link CacheCodec}: JSON with Jackson 3.
 */
public final class JacksonCacheCodec implements CacheCodec {

	private final JsonMapper mapper;

	private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

	/**
	 * Creates a codec with a default {@link JsonMapper} (Jackson 3 defaults: ISO dates, no failure on unknown
	 * properties), whose {@link java.time.Instant}s in the ISO form it writes are read without Jackson's general
	 * date-time parse (a few times faster; any other form is read by Jackson as before).
	 */
	public JacksonCacheCodec() {
		this(defaultMapper());
	}

	/**
	 * Creates a codec with the given mapper, for example one with modules for the application's types.
	 * @param mapper the mapper
	 */
	public JacksonCacheCodec(JsonMapper mapper) {
		this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
	}

	static JsonMapper defaultMapper() {
		return JsonMapper.builder().addModule(IsoInstantDeserializer.module()).build();
	}

	@Override
	public byte[] encode(Object value) {
		return this.mapper.writeValueAsBytes(value);
	}

	@Override
	public <T> T decode(byte[] bytes, Class<T> type) {
		return reader(type).readValue(bytes);
	}

	@Override
	public <T> T decode(byte[] bytes, int offset, int length, Class<T> type) {
		return reader(type).readValue(bytes, offset, length);
	}

	/** One reader per type: it holds its root deserializer, so reads skip the mapper's lookups. */
	private ObjectReader reader(Class<?> type) {
		ObjectReader reader = this.readers.get(type);
		return (reader != null) ? reader : this.readers.computeIfAbsent(type, this.mapper::readerFor);
	}

}
